package dev.clipstream.service;

import dev.clipstream.batching.BatchOptions;
import dev.clipstream.batching.BatchScheduler;
import dev.clipstream.batching.BatchingException;
import dev.clipstream.batching.DeadlineExpiredException;
import dev.clipstream.batching.ItemCancelledException;
import dev.clipstream.batching.NanoClock;
import dev.clipstream.batching.QueueFullException;
import dev.clipstream.batching.SchedulerClosedException;
import dev.clipstream.batching.Ticket;
import io.micrometer.core.instrument.Timer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/** A served model with one batch scheduler per tower. */
public final class ModelHandle {
  private final ServedModel model;
  private final BatchScheduler<PreparedImage, float[]> imageBatcher;
  private final BatchScheduler<int[], float[]> textBatcher;
  private final Timer imagePreprocess;
  private final Timer textPreprocess;

  // Items being prepared for each tower: an idle batcher waits for these (BatchOptions).
  private final AtomicInteger imagesPreparing = new AtomicInteger();
  private final AtomicInteger textsPreparing = new AtomicInteger();

  ModelHandle(
      ServedModel model, BatchOptions imageOptions, BatchOptions textOptions, ServingMetrics m) {
    this.model = model;
    String name = model.name();
    this.imagePreprocess = m.preprocessTimer(name, "image");
    this.textPreprocess = m.preprocessTimer(name, "text");
    this.imageBatcher =
        BatchScheduler.start(
            name + "-image",
            imageOptions,
            TowerProcessors.image(model.imageEncoder()),
            NanoClock.SYSTEM,
            m.batchListener(name, "image", this::queuedImages),
            imagesPreparing::get);
    this.textBatcher =
        BatchScheduler.start(
            name + "-text",
            textOptions,
            TowerProcessors.text(model.textEncoder()),
            NanoClock.SYSTEM,
            m.batchListener(name, "text", this::queuedTexts),
            textsPreparing::get);
  }

  public ServedModel model() {
    return model;
  }

  public ModelDescriptor descriptor() {
    return model.descriptor();
  }

  public String name() {
    return model.name();
  }

  private int queuedImages() {
    return imageBatcher == null ? 0 : imageBatcher.queuedItems();
  }

  private int queuedTexts() {
    return textBatcher == null ? 0 : textBatcher.queuedItems();
  }

  /**
   * Decodes, resizes and crops an image for the image tower (blocking CPU work: call it on the
   * worker pool), timed as {@code clip_preprocess_seconds}.
   */
  PreparedImage prepareImage(ImageInput image) {
    imagesPreparing.incrementAndGet();
    try {
      long start = System.nanoTime();
      PreparedImage prepared = model.imagePreparer().prepare(image);
      imagePreprocess.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
      return prepared;
    } finally {
      imagesPreparing.decrementAndGet(); // before the item is scheduled, as the batcher requires
    }
  }

  /** Tokenises a text for the text tower (on the worker pool), timed as above. */
  PreparedText prepareText(String text) {
    textsPreparing.incrementAndGet();
    try {
      return tokenise(text);
    } finally {
      textsPreparing.decrementAndGet();
    }
  }

  /**
   * Tokenises texts that will be scheduled together; the batcher counts them all as on their way
   * until the last is done.
   */
  List<PreparedText> prepareTexts(List<String> texts) {
    textsPreparing.addAndGet(texts.size());
    try {
      List<PreparedText> prepared = new ArrayList<>(texts.size());
      for (String text : texts) {
        prepared.add(tokenise(text));
      }
      return prepared;
    } finally {
      textsPreparing.addAndGet(-texts.size());
    }
  }

  private PreparedText tokenise(String text) {
    long start = System.nanoTime();
    PreparedText prepared = model.textPreparer().prepare(text);
    textPreprocess.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
    return prepared;
  }

  /**
   * Queues a prepared image for the image tower; the future holds the raw embedding.
   *
   * @param mayRunHere the calling thread may block on a model call and the call has no other item
   *     for this tower: on an idle tower its batch then runs here (see {@link
   *     BatchScheduler#scheduleOrRunIfIdle}), one thread hand-off fewer; never true on an event
   *     loop
   */
  CompletableFuture<float[]> embedImage(
      PreparedImage pixels, CallContext call, boolean mayRunHere) {
    return submit(imageBatcher, pixels, call, mayRunHere);
  }

  /** Queues token ids for the text tower; as {@link #embedImage}. */
  CompletableFuture<float[]> embedIds(int[] ids, CallContext call, boolean mayRunHere) {
    return submit(textBatcher, ids, call, mayRunHere);
  }

  /**
   * Queues the token ids of one call's texts together, so that a batch thread sees all or none of
   * them and they share a batch; the futures hold the raw embeddings, in order.
   */
  List<CompletableFuture<float[]>> embedAllIds(List<int[]> ids, CallContext call) {
    call.checkActive();
    List<Ticket<float[]>> tickets =
        admitted(() -> textBatcher.scheduleAll(ids, call.deadlineNanos()));
    List<CompletableFuture<float[]>> results = new ArrayList<>(tickets.size());
    for (Ticket<float[]> ticket : tickets) {
      results.add(tracked(ticket, call));
    }
    return results;
  }

  private static <T> CompletableFuture<float[]> submit(
      BatchScheduler<T, float[]> batcher, T input, CallContext call, boolean mayRunHere) {
    call.checkActive();
    Ticket<float[]> ticket =
        admitted(
            () ->
                mayRunHere
                    ? batcher.scheduleOrRunIfIdle(input, call.deadlineNanos())
                    : batcher.schedule(input, call.deadlineNanos()));
    return tracked(ticket, call);
  }

  /** Runs a scheduling step, its refusals mapped to service errors. */
  private static <X> X admitted(Supplier<X> scheduling) {
    try {
      return scheduling.get();
    } catch (QueueFullException e) {
      throw ClipServiceException.overloaded(e.getMessage(), e.retryAfterMillis());
    } catch (SchedulerClosedException e) {
      throw ClipServiceException.unavailable(e.getMessage());
    }
  }

  private static CompletableFuture<float[]> tracked(Ticket<float[]> ticket, CallContext call) {
    return call.track(ticket).exceptionallyCompose(ModelHandle::translate);
  }

  private static CompletableFuture<float[]> translate(Throwable failure) {
    Throwable e =
        failure instanceof CompletionException && failure.getCause() != null
            ? failure.getCause()
            : failure;
    ClipServiceException mapped;
    if (e instanceof DeadlineExpiredException) {
      mapped = ClipServiceException.deadlineExceeded(e.getMessage());
    } else if (e instanceof ItemCancelledException) {
      mapped = ClipServiceException.cancelled(e.getMessage());
    } else if (e instanceof SchedulerClosedException) {
      mapped = ClipServiceException.unavailable(e.getMessage());
    } else if (e instanceof BatchingException) {
      mapped = ClipServiceException.internal("model execution failed: " + e.getMessage(), e);
    } else {
      mapped = ClipServiceException.internal("model execution failed: " + e, e);
    }
    return CompletableFuture.failedFuture(mapped);
  }

  void shutdown() {
    imageBatcher.shutdown();
    textBatcher.shutdown();
  }

  boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
    long end = System.nanoTime() + unit.toNanos(timeout);
    boolean images = imageBatcher.awaitTermination(timeout, unit);
    long left = Math.max(0, end - System.nanoTime());
    return images && textBatcher.awaitTermination(left, TimeUnit.NANOSECONDS);
  }
}
