package dev.clipstream.testing;

import dev.clipstream.cli.FolderModelSource;
import dev.clipstream.cli.ModelSource;
import dev.clipstream.service.ServedModel;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;
import jakarta.inject.Inject;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Test-only model source: two deterministic models ("test" and "other") for the API logic tests.
 * Test profiles that serve real model folders set {@code clip.test.deterministic-models=false}, and
 * then the product's {@link FolderModelSource} loads them.
 */
@ApplicationScoped
@Alternative
@Priority(10)
public class DeterministicModelSource implements ModelSource {
  /** Shared by the tests, which set delays and read call counts. */
  public static final DeterministicModel.Stats STATS = new DeterministicModel.Stats();

  @ConfigProperty(name = "clip.test.deterministic-models", defaultValue = "true")
  boolean deterministic;

  @Inject FolderModelSource folders;

  @Override
  public List<ServedModel> loadAll() throws Exception {
    if (!deterministic) {
      return folders.loadAll();
    }
    return List.of(
        DeterministicModel.create("test", STATS),
        DeterministicModel.create("other", new DeterministicModel.Stats()));
  }
}
