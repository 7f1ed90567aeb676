package dev.clipstream.export.train;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.clipstream.preprocess.ClipPreprocessor;
import dev.clipstream.preprocess.ImageDecodeException;
import dev.clipstream.preprocess.PreprocessOptions;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;

/**
 * Image–caption pairs from a folder holding {@code manifest.jsonl}: one JSON object per line,
 * {@code {"image": "relative/path.png", "caption": "..."}}, optionally with a {@code "concept"}
 * string: pairs sharing a concept are positives of each other in a batch (without one, only pairs
 * with the same caption are). Every line is checked before training starts; a bad one is refused
 * with a message naming its line. Images are decoded on first use and cached as uint8 RGB crops of
 * the model's resolution.
 */
public final class PairDataset {
  /** CLIP's normalisation constants. */
  static final float[] MEAN = {0.48145466f, 0.4578275f, 0.40821073f};

  static final float[] STD = {0.26862954f, 0.26130258f, 0.27577711f};

  private final Path root;
  private final List<String> images;
  private final List<String> captions;
  private final List<String> concepts;
  private final int resolution;
  private final byte[][] cache;
  private final ClipPreprocessor preprocessor;

  private PairDataset(
      Path root,
      List<String> images,
      List<String> captions,
      List<String> concepts,
      int resolution) {
    this.root = root;
    this.images = images;
    this.captions = captions;
    this.concepts = concepts;
    this.resolution = resolution;
    this.cache = new byte[images.size()][];
    this.preprocessor = new ClipPreprocessor(PreprocessOptions.clip(resolution));
  }

  /**
   * Reads and validates {@code dir/manifest.jsonl}.
   *
   * @throws ManifestException for a missing manifest, a line that is not a JSON object with string
   *     {@code image} and {@code caption}, an empty caption, an image path outside the folder or an
   *     image file that does not exist
   */
  public static PairDataset open(Path dir, int resolution) throws ManifestException, IOException {
    Path manifest = dir.resolve("manifest.jsonl");
    if (!Files.isRegularFile(manifest)) {
      throw new ManifestException("no manifest.jsonl in " + dir.toAbsolutePath());
    }
    ObjectMapper json = new ObjectMapper();
    List<String> images = new ArrayList<>();
    List<String> captions = new ArrayList<>();
    List<String> concepts = new ArrayList<>();
    Path root = dir.toAbsolutePath().normalize();
    List<String> lines = Files.readAllLines(manifest, StandardCharsets.UTF_8);
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      String where = manifest + " line " + (i + 1) + ": ";
      if (line.isEmpty()) {
        continue;
      }
      JsonNode node;
      try {
        node = json.readTree(line);
      } catch (JsonProcessingException e) {
        throw new ManifestException(where + "not valid JSON (" + e.getOriginalMessage() + ")");
      }
      if (node == null || !node.isObject()) {
        throw new ManifestException(where + "expected a JSON object {\"image\":…, \"caption\":…}");
      }
      JsonNode image = node.get("image");
      JsonNode caption = node.get("caption");
      if (image == null || !image.isTextual() || image.asText().isBlank()) {
        throw new ManifestException(where + "missing or non-string \"image\"");
      }
      if (caption == null || !caption.isTextual() || caption.asText().isBlank()) {
        throw new ManifestException(where + "missing, empty or non-string \"caption\"");
      }
      JsonNode concept = node.get("concept");
      if (concept != null && (!concept.isTextual() || concept.asText().isBlank())) {
        throw new ManifestException(where + "\"concept\", when given, must be a non-empty string");
      }
      Path file = root.resolve(image.asText()).normalize();
      if (!file.startsWith(root)) {
        throw new ManifestException(where + "image path " + image.asText() + " leaves " + root);
      }
      if (!Files.isRegularFile(file)) {
        throw new ManifestException(where + "image file not found: " + file);
      }
      images.add(image.asText());
      captions.add(caption.asText());
      concepts.add(concept == null ? null : concept.asText());
    }
    if (images.isEmpty()) {
      throw new ManifestException(manifest + " holds no pairs");
    }
    return new PairDataset(root, images, captions, concepts, resolution);
  }

  public int size() {
    return images.size();
  }

  public String caption(int index) {
    return captions.get(index);
  }

  /** The line's concept, or null when it has none. */
  public String concept(int index) {
    return concepts.get(index);
  }

  public List<String> captions() {
    return List.copyOf(captions);
  }

  /** Writes image {@code index}, normalised [3,R,R], into {@code dest} at {@code offset}. */
  public void pixelsInto(int index, float[] dest, int offset) throws IOException {
    byte[] rgb = rgb(index);
    int plane = resolution * resolution;
    for (int p = 0; p < plane; p++) {
      for (int c = 0; c < 3; c++) {
        float v = (rgb[p * 3 + c] & 0xFF) / 255f;
        dest[offset + c * plane + p] = (v - MEAN[c]) / STD[c];
      }
    }
  }

  /**
   * An image through the server's own preprocessing (Pillow-exact bicubic resize of the short side,
   * centre crop), normalised to [3,side,side]. Images already {@code side × side} are not resized.
   */
  public static float[] normalisedPixels(BufferedImage image, int side) {
    byte[] rgb =
        image.getWidth() == side && image.getHeight() == side
            ? rgbCrop(image, side)
            : serverCrop(pngBytes(image), side, "generated image");
    return normalise(rgb, side);
  }

  private static float[] normalise(byte[] rgb, int side) {
    float[] out = new float[3 * side * side];
    int plane = side * side;
    for (int p = 0; p < plane; p++) {
      for (int c = 0; c < 3; c++) {
        out[c * plane + p] = ((rgb[p * 3 + c] & 0xFF) / 255f - MEAN[c]) / STD[c];
      }
    }
    return out;
  }

  private static byte[] pngBytes(BufferedImage image) {
    try {
      java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
      ImageIO.write(image, "png", bytes);
      return bytes.toByteArray();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static byte[] serverCrop(byte[] encoded, int side, String what) {
    try {
      return new ClipPreprocessor(PreprocessOptions.clip(side)).crop(encoded).rgb();
    } catch (ImageDecodeException e) {
      throw new IllegalArgumentException("cannot decode " + what + ": " + e.getMessage(), e);
    }
  }

  private synchronized byte[] rgb(int index) throws IOException {
    if (cache[index] == null) {
      Path file = root.resolve(images.get(index));
      try {
        cache[index] = preprocessor.crop(Files.readAllBytes(file)).rgb();
      } catch (ImageDecodeException e) {
        throw new IOException(
            "cannot decode image "
                + file
                + " (manifest entry "
                + (index + 1)
                + "): "
                + e.getMessage(),
            e);
      }
    }
    return cache[index];
  }

  /** The RGB bytes of a {@code side × side} image (no resize needed). */
  static byte[] rgbCrop(BufferedImage image, int side) {
    byte[] out = new byte[side * side * 3];
    for (int y = 0; y < side; y++) {
      for (int x = 0; x < side; x++) {
        int p = image.getRGB(x, y);
        int o = (y * side + x) * 3;
        out[o] = (byte) (p >> 16);
        out[o + 1] = (byte) (p >> 8);
        out[o + 2] = (byte) p;
      }
    }
    return out;
  }
}
