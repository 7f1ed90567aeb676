package dev.clipstream.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class CheckpointConfigTest {
  static final Path FILE = Path.of("config.json");

  static JsonNode json(String s) throws Exception {
    return new ObjectMapper().readTree(s.replace('\'', '"'));
  }

  @Test
  void huggingFaceConfigLikeOpenAisViTB32GivesThePreset() throws Exception {
    // The shape of openai/clip-vit-base-patch32's config.json: sizes spelled out, *_dict null.
    JsonNode c =
        json(
            "{'architectures':['CLIPModel'],'projection_dim':512,'text_config_dict':null,"
                + "'vision_config_dict':null,'text_config':{'hidden_act':'quick_gelu',"
                + "'hidden_size':512,'intermediate_size':2048,'num_attention_heads':8,"
                + "'num_hidden_layers':12,'max_position_embeddings':77,'vocab_size':49408},"
                + "'vision_config':{'hidden_act':'quick_gelu','hidden_size':768,"
                + "'intermediate_size':3072,'num_attention_heads':12,'num_hidden_layers':12,"
                + "'image_size':224,'patch_size':32}}");
    assertEquals(Presets.get("vit-b-32"), CheckpointConfig.fromHuggingFace(c, FILE));
  }

  @Test
  void huggingFaceOmittedFieldsTakeTransformersDefaults() throws Exception {
    JsonNode c = json("{'text_config':{},'vision_config':{}}");
    assertEquals(Presets.get("vit-b-32"), CheckpointConfig.fromHuggingFace(c, FILE));
  }

  @Test
  void oldStyleConfigDictOverridesAreApplied() throws Exception {
    JsonNode c =
        json(
            "{'projection_dim':768,'text_config':{},'vision_config':{},"
                + "'text_config_dict':{'hidden_size':768,'intermediate_size':3072,"
                + "'num_attention_heads':12},"
                + "'vision_config_dict':{'hidden_size':1024,'intermediate_size':4096,"
                + "'num_attention_heads':16,'num_hidden_layers':24,'patch_size':14}}");
    assertEquals(Presets.get("vit-l-14"), CheckpointConfig.fromHuggingFace(c, FILE));
  }

  @Test
  void nonQuickGeluActivationIsAnUnsupportedArchitecture() throws Exception {
    JsonNode c = json("{'text_config':{'hidden_act':'gelu'},'vision_config':{}}");
    CheckpointException e =
        assertThrows(CheckpointException.class, () -> CheckpointConfig.fromHuggingFace(c, FILE));
    assertTrue(
        e.getMessage().contains("unsupported architecture: hidden_act 'gelu'"), e.getMessage());
  }

  @Test
  void openAiResNetClipArgsAreRefusedPlainly() throws Exception {
    JsonNode a =
        json(
            "{'embed_dim':1024,'image_resolution':224,'vision_layers':[3,4,6,3],"
                + "'vision_width':64,'vision_patch_size':null,'context_length':77,"
                + "'vocab_size':49408,'transformer_width':512,'transformer_heads':8,"
                + "'transformer_layers':12}");
    CheckpointException e =
        assertThrows(CheckpointException.class, () -> CheckpointConfig.fromOpenAi(a, FILE));
    assertTrue(e.getMessage().contains("ResNet CLIP is not supported"), e.getMessage());
  }

  @Test
  void openAiClipArgsMissingAFieldNameIt() throws Exception {
    JsonNode a = json("{'embed_dim':512,'vision_width':768}");
    CheckpointException e =
        assertThrows(CheckpointException.class, () -> CheckpointConfig.fromOpenAi(a, FILE));
    assertTrue(e.getMessage().contains("clip_args.transformer_width"), e.getMessage());
  }
}
