package dev.clipstream.testing;

import dev.clipstream.model.ImageEncoder;
import dev.clipstream.model.TextEncoder;
import dev.clipstream.service.ClipServiceException;
import dev.clipstream.service.ImageInput;
import dev.clipstream.service.ImagePreparer;
import dev.clipstream.service.ModelDescriptor;
import dev.clipstream.service.PreparedText;
import dev.clipstream.service.ServedModel;
import dev.clipstream.service.TextPreparer;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import javax.imageio.ImageIO;

/**
 * A deterministic stand-in for a CLIP model, for logic tests of the service and API only (the
 * product never uses it; numerical correctness is proven against the oracle elsewhere).
 *
 * <ul>
 *   <li>Text: one id per character (code point mod 1000 + 1) between start (1001) and end (1002)
 *       ids, context 16, truncated like CLIP; the embedding depends on every id.
 *   <li>Image: decoded with ImageIO (undecodable data fails as a real decoder would); every pixel
 *       of the [3,R,R] input is the image's mean colour; the embedding is a fixed function of the
 *       three channel values.
 * </ul>
 *
 * Each embedding depends only on its own item, so batching must not change results.
 */
public final class DeterministicModel {
  public static final int DIM = 8;
  public static final int RESOLUTION = 4;
  public static final int CONTEXT = 16;

  /** Counts model calls and items, to observe batching. */
  public static final class Stats {
    public final AtomicInteger imageCalls = new AtomicInteger();
    public final AtomicInteger textCalls = new AtomicInteger();
    public final AtomicLong imageItems = new AtomicLong();
    public final AtomicLong textItems = new AtomicLong();
    public volatile long textDelayMillis;
    public volatile long imageDelayMillis;

    /** Names of the threads that ran model calls. */
    public final Set<String> modelThreads = ConcurrentHashMap.newKeySet();
  }

  private DeterministicModel() {}

  public static ServedModel create(String name, Stats stats) {
    ModelDescriptor descriptor =
        new ModelDescriptor(
            name,
            "test-1",
            DIM,
            RESOLUTION,
            CONTEXT,
            (float) Math.log(20),
            true,
            "0".repeat(64),
            "test");
    return new ServedModel(
        descriptor, imageEncoder(stats), textEncoder(stats), imagePreparer(), textPreparer());
  }

  static void sleep(long millis) {
    if (millis > 0) {
      try {
        Thread.sleep(millis);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  static ImageEncoder imageEncoder(Stats stats) {
    return new ImageEncoder() {
      @Override
      public float[] encodeImages(float[] pixels, int batch) {
        stats.imageCalls.incrementAndGet();
        stats.modelThreads.add(Thread.currentThread().getName());
        stats.imageItems.addAndGet(batch);
        sleep(stats.imageDelayMillis);
        int plane = RESOLUTION * RESOLUTION;
        float[] out = new float[batch * DIM];
        for (int b = 0; b < batch; b++) {
          float r = pixels[b * 3 * plane];
          float g = pixels[b * 3 * plane + plane];
          float bl = pixels[b * 3 * plane + 2 * plane];
          float[] v = {r, g, bl, r - g, g - bl, 0.5f * r + 0.1f, 0.3f * bl - 0.2f, 1f};
          System.arraycopy(v, 0, out, b * DIM, DIM);
        }
        return out;
      }

      @Override
      public int imageResolution() {
        return RESOLUTION;
      }

      @Override
      public int embedDim() {
        return DIM;
      }
    };
  }

  static TextEncoder textEncoder(Stats stats) {
    return new TextEncoder() {
      @Override
      public float[] encodeTexts(int[] ids, int batch) {
        stats.textCalls.incrementAndGet();
        stats.modelThreads.add(Thread.currentThread().getName());
        stats.textItems.addAndGet(batch);
        sleep(stats.textDelayMillis);
        float[] out = new float[batch * DIM];
        for (int b = 0; b < batch; b++) {
          for (int t = 0; t < CONTEXT; t++) {
            int id = ids[b * CONTEXT + t];
            for (int d = 0; d < DIM; d++) {
              out[b * DIM + d] += (float) Math.sin(0.37 * id * (d + 1) + t);
            }
          }
        }
        return out;
      }

      @Override
      public int contextLength() {
        return CONTEXT;
      }

      @Override
      public int embedDim() {
        return DIM;
      }
    };
  }

  static TextPreparer textPreparer() {
    return text -> {
      int[] cps = text.codePoints().toArray();
      boolean truncated = cps.length + 2 > CONTEXT;
      int n = Math.min(cps.length, CONTEXT - 2);
      int[] ids = new int[CONTEXT];
      ids[0] = 1001;
      for (int i = 0; i < n; i++) {
        ids[i + 1] = cps[i] % 1000 + 1;
      }
      ids[n + 1] = 1002;
      return new PreparedText(ids, n + 2, truncated);
    };
  }

  static ImagePreparer imagePreparer() {
    return new ImagePreparer() {
      @Override
      public void prepareInto(ImageInput image, float[] dest, int offset) {
        double[] mean = new double[3];
        if (image instanceof ImageInput.Raw raw) {
          byte[] rgb = raw.rgb8();
          for (int i = 0; i < rgb.length; i++) {
            mean[i % 3] += rgb[i] & 0xff;
          }
          for (int c = 0; c < 3; c++) {
            mean[c] /= rgb.length / 3.0;
          }
        } else {
          BufferedImage decoded;
          try {
            decoded = ImageIO.read(new ByteArrayInputStream(((ImageInput.Encoded) image).bytes()));
          } catch (IOException | RuntimeException e) {
            throw ClipServiceException.invalid(
                null, "undecodable image (CORRUPT): " + e.getMessage());
          }
          if (decoded == null) {
            throw ClipServiceException.invalid(null, "undecodable image (UNSUPPORTED_FORMAT)");
          }
          for (int y = 0; y < decoded.getHeight(); y++) {
            for (int x = 0; x < decoded.getWidth(); x++) {
              int argb = decoded.getRGB(x, y);
              mean[0] += (argb >> 16) & 0xff;
              mean[1] += (argb >> 8) & 0xff;
              mean[2] += argb & 0xff;
            }
          }
          for (int c = 0; c < 3; c++) {
            mean[c] /= (double) decoded.getWidth() * decoded.getHeight();
          }
        }
        int plane = RESOLUTION * RESOLUTION;
        for (int c = 0; c < 3; c++) {
          for (int i = 0; i < plane; i++) {
            dest[offset + c * plane + i] = (float) (mean[c] / 255.0);
          }
        }
      }

      @Override
      public int resolution() {
        return RESOLUTION;
      }
    };
  }
}
