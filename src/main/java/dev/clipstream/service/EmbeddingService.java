package dev.clipstream.service;

import dev.clipstream.model.Embeddings;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Text and image embeddings. Tokenising and decoding run on the {@link WorkerPool}; model calls run
 * on the model's batch threads, batched with other calls' items, except that a call's lone item on
 * an idle tower runs on the worker that prepared it ({@code run-idle-batch-on-worker}). Nothing
 * here blocks the calling thread.
 */
public final class EmbeddingService {
  private final WorkerPool pool;
  private final ServiceLimits limits;

  public EmbeddingService(WorkerPool pool, ServiceLimits limits) {
    this.pool = pool;
    this.limits = limits;
  }

  public ServiceLimits limits() {
    return limits;
  }

  /** A text's embedding and how it was tokenised. */
  public record TextResult(float[] embedding, boolean truncated, int tokenCount) {}

  /**
   * Encodes texts, batched with other calls.
   *
   * @throws ClipServiceException INVALID_ARGUMENT "texts" when empty; RESOURCE_EXHAUSTED "texts"
   *     over the limit
   */
  public CompletableFuture<List<TextResult>> encodeTexts(
      ModelHandle model, List<String> texts, boolean normalize, CallContext call) {
    checkCount("texts", texts.size(), limits.maxTextsPerRequest());
    return pool.submitThen(
        () -> model.prepareTexts(texts),
        prepared -> {
          if (prepared.size() == 1) { // may run on this worker when the tower is idle
            return embedPrepared(model, prepared.get(0), normalize, call).thenApply(List::of);
          }
          // Several texts are queued together, so that they share a batch.
          List<int[]> ids = new ArrayList<>(prepared.size());
          prepared.forEach(p -> ids.add(p.ids()));
          List<CompletableFuture<float[]>> embedded = model.embedAllIds(ids, call);
          List<CompletableFuture<TextResult>> each = new ArrayList<>(prepared.size());
          for (int i = 0; i < prepared.size(); i++) {
            PreparedText p = prepared.get(i);
            each.add(embedded.get(i).thenApply(e -> textResult(e, p, normalize)));
          }
          return Futures.allAsList(each);
        },
        call);
  }

  /** Encodes one text (one stream item). */
  public CompletableFuture<TextResult> encodeText(
      ModelHandle model, String text, boolean normalize, CallContext call) {
    return pool.submitThen(
        () -> model.prepareText(text), p -> embedPrepared(model, p, normalize, call), call);
  }

  /** One text alone: on an idle tower its model call may run on this worker. */
  private CompletableFuture<TextResult> embedPrepared(
      ModelHandle model, PreparedText p, boolean normalize, CallContext call) {
    return model
        .embedIds(p.ids(), call, pool.mayRunModelCallHere())
        .thenApply(e -> textResult(e, p, normalize));
  }

  private static TextResult textResult(float[] embedding, PreparedText p, boolean normalize) {
    return new TextResult(
        normalize ? Embeddings.normalized(embedding) : embedding, p.truncated(), p.tokenCount());
  }

  /**
   * Encodes images, each decoded on the pool in parallel, batched with other calls.
   *
   * @param field the request field holding the images, for error messages ({@code images[2]})
   */
  public CompletableFuture<List<float[]>> encodeImages(
      ModelHandle model,
      List<ImageInput> images,
      boolean normalize,
      CallContext call,
      String field) {
    checkCount(field, images.size(), limits.maxImagesPerRequest());
    for (int i = 0; i < images.size(); i++) {
      validate(images.get(i), field + "[" + i + "]");
    }
    boolean alone = images.size() == 1;
    List<CompletableFuture<float[]>> each = new ArrayList<>(images.size());
    for (int i = 0; i < images.size(); i++) {
      each.add(
          encodeValidated(model, images.get(i), normalize, call, field + "[" + i + "]", alone));
    }
    return Futures.allAsList(each);
  }

  /**
   * Encodes one image.
   *
   * @param field the request field holding the image, for error messages
   */
  public CompletableFuture<float[]> encodeImage(
      ModelHandle model, ImageInput image, boolean normalize, CallContext call, String field) {
    validate(image, field);
    return encodeValidated(model, image, normalize, call, field, true);
  }

  /**
   * @param alone the call has no other image: on an idle tower its model call may then run on the
   *     worker that prepared it (several images are queued so that they share a batch)
   */
  private CompletableFuture<float[]> encodeValidated(
      ModelHandle model,
      ImageInput image,
      boolean normalize,
      CallContext call,
      String field,
      boolean alone) {
    return pool.submitThen(
            () -> {
              try {
                return model.prepareImage(image);
              } catch (ClipServiceException e) {
                throw e.inField(field);
              }
            },
            prepared -> model.embedImage(prepared, call, alone && pool.mayRunModelCallHere()),
            call)
        .thenApply(e -> normalize ? Embeddings.normalized(e) : e);
  }

  /** Cheap checks made before any work is queued. */
  void validate(ImageInput image, String field) {
    if (image == null) {
      throw ClipServiceException.invalid(field, "no image: set encoded bytes or raw pixels");
    }
    if (image instanceof ImageInput.Encoded encoded) {
      if (encoded.bytes().length == 0) {
        throw ClipServiceException.invalid(field, "empty image (0 bytes)");
      }
      if (encoded.bytes().length > limits.maxImageBytes()) {
        throw ClipServiceException.tooLarge(
            field,
            "image of "
                + encoded.bytes().length
                + " bytes exceeds the limit of "
                + limits.maxImageBytes()
                + " bytes");
      }
    } else if (image instanceof ImageInput.Raw raw) {
      if (raw.width() < 1 || raw.height() < 1) {
        throw ClipServiceException.invalid(
            field, "raw image size " + raw.width() + "x" + raw.height() + " must be at least 1x1");
      }
      long pixels = (long) raw.width() * raw.height();
      if (pixels > limits.maxPixels()) {
        throw ClipServiceException.tooLarge(
            field,
            raw.width()
                + "x"
                + raw.height()
                + " = "
                + pixels
                + " pixels exceeds the limit of "
                + limits.maxPixels());
      }
      if (raw.rgb8().length != pixels * 3) {
        throw ClipServiceException.invalid(
            field + ".rgb8",
            "has " + raw.rgb8().length + " bytes, expected width*height*3 = " + pixels * 3);
      }
    }
  }

  static void checkCount(String field, int count, int limit) {
    if (count == 0) {
      throw ClipServiceException.invalid(field, "at least one is required, got none");
    }
    if (count > limit) {
      throw ClipServiceException.tooLarge(
          field, count + " items exceed the limit of " + limit + " per request");
    }
  }
}
