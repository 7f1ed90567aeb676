package dev.clipstream.cli;

import dev.clipstream.service.ServedModel;
import java.util.List;

/**
 * Where the server's models come from. The product's implementation loads every model folder under
 * {@code clip.models.dir} into the TensorFlow runtime.
 */
public interface ModelSource {
  /**
   * Loads every model. Called once, off the event loop, before the server reports SERVING.
   *
   * @throws Exception when a model folder cannot be loaded: the server then stays NOT_SERVING
   */
  List<ServedModel> loadAll() throws Exception;
}
