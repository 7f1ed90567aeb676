package dev.clipstream.runtime;

import dev.clipstream.model.ImageEncoder;
import dev.clipstream.model.ModelManifest;
import dev.clipstream.model.Signatures;
import dev.clipstream.model.TextEncoder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.SessionFunction;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.ndarray.buffer.FloatDataBuffer;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * A model folder loaded once into a TF session, serving both CLIP towers.
 *
 * <p>Thread-safe: TF sessions run concurrent calls; a read/write lock only keeps {@link #close}
 * from freeing the session under a running call. Every native tensor (inputs and the {@link
 * Result}) is closed in try-with-resources, so memory stays flat under any number of calls.
 */
public final class SavedModelClip implements ImageEncoder, TextEncoder, AutoCloseable {
  private final ModelManifest manifest;
  private final SavedModelBundle bundle;
  private final SessionFunction encodeImage;
  private final SessionFunction encodeText;
  private final int vocabSize;
  private final ReadWriteLock lock = new ReentrantReadWriteLock();
  private boolean closed;

  private SavedModelClip(ModelManifest manifest, SavedModelBundle bundle) {
    this.manifest = manifest;
    this.bundle = bundle;
    this.encodeImage = bundle.function(Signatures.ENCODE_IMAGE);
    this.encodeText = bundle.function(Signatures.ENCODE_TEXT);
    this.vocabSize = manifest.config().text().vocabSize();
  }

  /**
   * Loads a model folder ({@code saved_model.pb}, {@code variables/}, {@code model.json}).
   *
   * @throws IOException when the folder is not a model folder or TF cannot load it
   */
  public static SavedModelClip load(Path modelDir, RuntimeOptions options) throws IOException {
    ModelManifest manifest = ModelManifest.read(modelDir);
    if (!Files.isRegularFile(modelDir.resolve("saved_model.pb"))) {
      throw new NoSuchFileException(
          modelDir.resolve("saved_model.pb").toString(), null, "model folder has no SavedModel");
    }
    SavedModelBundle bundle;
    try {
      bundle =
          SavedModelBundle.loader(modelDir.toString())
              .withTags(Signatures.SERVE_TAG)
              .withConfigProto(configProto(options))
              .load();
    } catch (RuntimeException e) {
      throw new IOException("TensorFlow cannot load " + modelDir + ": " + e.getMessage(), e);
    }
    try {
      return new SavedModelClip(manifest, bundle);
    } catch (RuntimeException e) {
      bundle.close();
      throw new IOException(
          modelDir
              + " lacks the "
              + Signatures.ENCODE_IMAGE
              + "/"
              + Signatures.ENCODE_TEXT
              + " signatures: "
              + e.getMessage(),
          e);
    }
  }

  static ConfigProto configProto(RuntimeOptions options) {
    return ConfigProto.newBuilder()
        .setIntraOpParallelismThreads(options.intraOpThreads())
        .setInterOpParallelismThreads(options.interOpThreads())
        .build();
  }

  public ModelManifest manifest() {
    return manifest;
  }

  @Override
  public float[] encodeImages(float[] pixels, int batch) {
    int r = imageResolution();
    long perImage = 3L * r * r;
    checkBatch(batch, pixels == null ? -1 : pixels.length, perImage, "pixels");
    lock.readLock().lock();
    try {
      ensureOpen();
      try (TFloat32 in =
              TFloat32.tensorOf(Shape.of(batch, 3, r, r), DataBuffers.of(pixels, true, false));
          Result out = encodeImage.call(Map.<String, Tensor>of(Signatures.PIXEL_VALUES, in))) {
        return copy((TFloat32) out.get(Signatures.IMAGE_EMBEDS).orElseThrow(), batch);
      }
    } finally {
      lock.readLock().unlock();
    }
  }

  /**
   * Writes each image through one reused {@code [3,R,R]} scratch array into the native input
   * tensor: one normalising pass and one bulk copy per image, no batch-sized Java array.
   */
  @Override
  public float[] encodeImages(int batch, PixelWriter pixels) {
    if (batch < 1) {
      throw new IllegalArgumentException("batch must be >= 1, got " + batch);
    }
    int r = imageResolution();
    int perImage = 3 * r * r;
    float[] scratch = new float[perImage];
    lock.readLock().lock();
    try {
      ensureOpen();
      try (TFloat32 in = TFloat32.tensorOf(Shape.of(batch, 3, r, r))) {
        FloatDataBuffer data = in.asRawTensor().data().asFloats();
        for (int i = 0; i < batch; i++) {
          pixels.writeInto(i, scratch, 0);
          data.offset((long) i * perImage).write(scratch);
        }
        try (Result out = encodeImage.call(Map.<String, Tensor>of(Signatures.PIXEL_VALUES, in))) {
          return copy((TFloat32) out.get(Signatures.IMAGE_EMBEDS).orElseThrow(), batch);
        }
      }
    } finally {
      lock.readLock().unlock();
    }
  }

  @Override
  public float[] encodeTexts(int[] ids, int batch) {
    int ctx = contextLength();
    checkBatch(batch, ids == null ? -1 : ids.length, ctx, "ids");
    for (int i = 0; i < ids.length; i++) {
      if (ids[i] < 0 || ids[i] >= vocabSize) {
        throw new IllegalArgumentException(
            "ids[" + i + "] = " + ids[i] + " is outside the vocabulary [0, " + vocabSize + ")");
      }
    }
    lock.readLock().lock();
    try {
      ensureOpen();
      try (TInt32 in = TInt32.tensorOf(Shape.of(batch, ctx), DataBuffers.of(ids, true, false));
          Result out = encodeText.call(Map.<String, Tensor>of(Signatures.INPUT_IDS, in))) {
        return copy((TFloat32) out.get(Signatures.TEXT_EMBEDS).orElseThrow(), batch);
      }
    } finally {
      lock.readLock().unlock();
    }
  }

  private float[] copy(TFloat32 t, int batch) {
    float[] out = new float[batch * embedDim()];
    t.copyTo(DataBuffers.of(out, false, false));
    return out;
  }

  private static void checkBatch(int batch, long length, long perItem, String what) {
    if (batch < 1) {
      throw new IllegalArgumentException("batch must be >= 1, got " + batch);
    }
    if (length != batch * perItem) {
      throw new IllegalArgumentException(
          what + " has length " + length + ", expected batch " + batch + " × " + perItem);
    }
  }

  private void ensureOpen() {
    if (closed) {
      throw new IllegalStateException("model " + manifest.name() + " is closed");
    }
  }

  @Override
  public int imageResolution() {
    return manifest.imageResolution();
  }

  @Override
  public int contextLength() {
    return manifest.contextLength();
  }

  @Override
  public int embedDim() {
    return manifest.embedDim();
  }

  /** Frees the session; waits for running calls; later calls throw IllegalStateException. */
  @Override
  public void close() {
    lock.writeLock().lock();
    try {
      if (!closed) {
        closed = true;
        bundle.close();
      }
    } finally {
      lock.writeLock().unlock();
    }
  }
}
