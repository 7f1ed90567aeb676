package dev.clipstream.api.grpc;

import dev.clipstream.api.grpc.v1.Embedding;
import dev.clipstream.api.grpc.v1.Image;
import dev.clipstream.api.grpc.v1.LabelScore;
import dev.clipstream.api.grpc.v1.ModelInfo;
import dev.clipstream.service.ClipServiceException;
import dev.clipstream.service.ImageInput;
import dev.clipstream.service.ModelDescriptor;
import java.util.ArrayList;
import java.util.List;

/** Conversions between the proto messages and the service's values. */
final class ProtoMapper {
  private ProtoMapper() {}

  /**
   * The image a proto carries.
   *
   * @throws ClipServiceException INVALID_ARGUMENT naming {@code field} when no source is set or the
   *     raw size does not fit in an int
   */
  static ImageInput image(Image image, String field) {
    return switch (image.getSourceCase()) {
      case ENCODED -> new ImageInput.Encoded(ByteStringArrays.readOnlyArray(image.getEncoded()));
      case RAW -> {
        long w = image.getRaw().getWidth() & 0xffffffffL;
        long h = image.getRaw().getHeight() & 0xffffffffL;
        if (w > Integer.MAX_VALUE || h > Integer.MAX_VALUE) {
          throw ClipServiceException.tooLarge(
              field + ".raw", "raw image " + w + "x" + h + " is too large");
        }
        yield new ImageInput.Raw(
            ByteStringArrays.readOnlyArray(image.getRaw().getRgb8()), (int) w, (int) h);
      }
      case SOURCE_NOT_SET ->
          throw ClipServiceException.invalid(field, "no image: set encoded or raw");
    };
  }

  static List<ImageInput> images(List<Image> images, String field) {
    List<ImageInput> inputs = new ArrayList<>(images.size());
    for (int i = 0; i < images.size(); i++) {
      inputs.add(image(images.get(i), field + "[" + i + "]"));
    }
    return inputs;
  }

  static Embedding embedding(float[] values) {
    Embedding.Builder b = Embedding.newBuilder();
    for (float v : values) {
      b.addValues(v);
    }
    return b.build();
  }

  static LabelScore labelScore(dev.clipstream.service.LabelScore s) {
    return LabelScore.newBuilder()
        .setLabel(s.label())
        .setProbability(s.probability())
        .setCosine(s.cosine())
        .build();
  }

  static ModelInfo modelInfo(ModelDescriptor d, boolean isDefault, boolean ready) {
    return ModelInfo.newBuilder()
        .setName(d.name())
        .setVersion(nullToEmpty(d.version()))
        .setEmbedDim(d.embedDim())
        .setImageResolution(d.imageResolution())
        .setContextLength(d.contextLength())
        .setLogitScale(d.logitScale())
        .setRandom(d.random())
        .setIsDefault(isDefault)
        .setSourceSha256(nullToEmpty(d.sourceSha256()))
        .setExporterVersion(nullToEmpty(d.exporterVersion()))
        .setReady(ready)
        .build();
  }

  private static String nullToEmpty(String s) {
    return s == null ? "" : s;
  }

  /** A uint32 proto field as a non-negative int (values beyond int mean "all"). */
  static int topK(int unsigned) {
    return unsigned < 0 ? 0 : unsigned;
  }
}
