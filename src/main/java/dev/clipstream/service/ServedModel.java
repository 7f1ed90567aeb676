package dev.clipstream.service;

import dev.clipstream.model.ImageEncoder;
import dev.clipstream.model.TextEncoder;
import java.util.Objects;

/** A loaded model: its metadata, its two towers (ports) and its input preparation. */
public record ServedModel(
    ModelDescriptor descriptor,
    ImageEncoder imageEncoder,
    TextEncoder textEncoder,
    ImagePreparer imagePreparer,
    TextPreparer textPreparer) {
  public ServedModel {
    Objects.requireNonNull(descriptor, "descriptor");
    Objects.requireNonNull(imageEncoder, "imageEncoder");
    Objects.requireNonNull(textEncoder, "textEncoder");
    Objects.requireNonNull(imagePreparer, "imagePreparer");
    Objects.requireNonNull(textPreparer, "textPreparer");
    if (imageEncoder.embedDim() != descriptor.embedDim()
        || textEncoder.embedDim() != descriptor.embedDim()) {
      throw new IllegalArgumentException(
          "model "
              + descriptor.name()
              + ": embedDim "
              + descriptor.embedDim()
              + " but towers give "
              + imageEncoder.embedDim()
              + " and "
              + textEncoder.embedDim());
    }
    if (imagePreparer.resolution() != imageEncoder.imageResolution()) {
      throw new IllegalArgumentException(
          "model "
              + descriptor.name()
              + ": preprocessing resolution "
              + imagePreparer.resolution()
              + " != image tower resolution "
              + imageEncoder.imageResolution());
    }
  }

  public String name() {
    return descriptor.name();
  }
}
