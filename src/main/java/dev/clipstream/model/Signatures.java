package dev.clipstream.model;

/**
 * Names of the SavedModel signatures and tensors every model folder exposes. The exporter writes
 * them and the runtime reads them, so they live here, below both.
 */
public final class Signatures {
  private Signatures() {}

  /** {@code pixel_values} float32 [B,3,R,R] → {@code image_embeds} float32 [B,D], unnormalised. */
  public static final String ENCODE_IMAGE = "encode_image";

  public static final String PIXEL_VALUES = "pixel_values";
  public static final String IMAGE_EMBEDS = "image_embeds";

  /** {@code input_ids} int32 [B,77] → {@code text_embeds} float32 [B,D], unnormalised. */
  public static final String ENCODE_TEXT = "encode_text";

  public static final String INPUT_IDS = "input_ids";
  public static final String TEXT_EMBEDS = "text_embeds";

  /** The SavedModel tag set used for serving. */
  public static final String SERVE_TAG = "serve";
}
