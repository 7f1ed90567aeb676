package dev.clipstream.cli;

import dev.clipstream.preprocess.ClipPreprocessor;
import dev.clipstream.preprocess.ImageDecodeException;
import dev.clipstream.preprocess.PreprocessOptions;
import dev.clipstream.preprocess.Rgb8Image;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import javax.imageio.ImageIO;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code preprocess}: one image through CLIP's preprocessing, written as PNG and/or NPY. */
@Command(
    name = "preprocess",
    mixinStandardHelpOptions = true,
    description = {
      "Runs one image through OpenAI CLIP's preprocessing, exactly as clip._transform(R) does on"
          + " Pillow: resize the short side to R (bicubic, antialiased), centre-crop R x R,"
          + " convert to RGB, scale to [0,1], normalise with CLIP's mean and std.",
      "Accepts JPEG, PNG (8/16-bit, gray, palette, alpha), GIF (first frame), BMP and WebP.",
      "",
      "Example:",
      "  clip preprocess --resolution 224 --image cat.jpg --png crop.png --npy pixels.npy",
      ""
    },
    footer = {
      "",
      "--png writes the uint8 R x R RGB crop before normalisation (lossless PNG).",
      "--npy writes the normalised float32 tensor of shape (3, R, R), C order, '<f4'.",
      "Exit codes: 0 success, 1 the image could not be read or decoded, 2 bad arguments."
    })
public final class PreprocessCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--resolution",
      defaultValue = "224",
      description = "Output side R in pixels (default: ${DEFAULT-VALUE}).")
  int resolution;

  @Option(names = "--image", required = true, description = "The image file to preprocess.")
  Path image;

  @Option(names = "--png", description = "Write the uint8 R x R crop here as PNG.")
  Path png;

  @Option(names = "--npy", description = "Write the normalised float32 [3, R, R] tensor here.")
  Path npy;

  @Option(
      names = "--max-pixels",
      defaultValue = "40000000",
      description = "Refuse images with more pixels than this (default: ${DEFAULT-VALUE}).")
  long maxPixels;

  @Option(
      names = "--max-bytes",
      defaultValue = "67108864",
      description = "Refuse files larger than this many bytes (default: ${DEFAULT-VALUE}).")
  long maxBytes;

  @Override
  public Integer call() {
    PrintWriter err = spec.commandLine().getErr();
    if (png == null && npy == null) {
      err.println("preprocess: give --png OUT and/or --npy OUT (see --help)");
      return 2;
    }
    PreprocessOptions options;
    try {
      options = PreprocessOptions.clip(resolution).withLimits(maxPixels, maxBytes);
    } catch (IllegalArgumentException e) {
      err.println("preprocess: " + e.getMessage());
      return 2;
    }
    try {
      long size = Files.size(image);
      if (size > maxBytes) {
        err.println(
            "preprocess: " + image + " has " + size + " bytes, more than --max-bytes " + maxBytes);
        return 1;
      }
      ClipPreprocessor preprocessor = new ClipPreprocessor(options);
      Rgb8Image crop = preprocessor.crop(Files.readAllBytes(image));
      if (png != null) {
        writePng(crop, png);
      }
      if (npy != null) {
        // The crop is already R x R, so this is ToTensor + Normalize only.
        float[] tensor = new float[options.tensorLength()];
        preprocessor.preprocessRgbInto(crop.rgb(), crop.width(), crop.height(), tensor, 0);
        NpyWriter.writeFloat32(npy, tensor, 3, resolution, resolution);
      }
      return 0;
    } catch (NoSuchFileException e) {
      err.println("preprocess: no such file: " + e.getFile());
      return 1;
    } catch (ImageDecodeException e) {
      err.println("preprocess: cannot use " + image + " (" + e.reason() + "): " + e.getMessage());
      return 1;
    } catch (IOException e) {
      err.println("preprocess: I/O error: " + e);
      return 1;
    }
  }

  private static void writePng(Rgb8Image crop, Path out) throws IOException {
    BufferedImage image =
        new BufferedImage(crop.width(), crop.height(), BufferedImage.TYPE_3BYTE_BGR);
    int[] samples = new int[crop.width() * crop.height() * 3];
    byte[] rgb = crop.rgb();
    for (int i = 0; i < samples.length; i++) {
      samples[i] = rgb[i] & 0xFF;
    }
    image.getRaster().setPixels(0, 0, crop.width(), crop.height(), samples);
    if (!ImageIO.write(image, "png", out.toFile())) {
      throw new IOException("no PNG writer available");
    }
  }
}
