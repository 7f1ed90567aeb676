package dev.clipstream.testing;

import dev.clipstream.cli.ModelSource;
import dev.clipstream.service.ServedModel;
import io.quarkus.arc.lookup.LookupIfProperty;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;
import java.util.List;

/**
 * Test-only model source: two deterministic models ("test" and "other") for the API logic tests.
 * Test profiles that serve real model folders set {@code clip.test.deterministic-models=false}.
 */
@ApplicationScoped
@Alternative
@Priority(10)
@LookupIfProperty(
    name = "clip.test.deterministic-models",
    stringValue = "true",
    lookupIfMissing = true)
public class DeterministicModelSource implements ModelSource {
  /** Shared by the tests, which set delays and read call counts. */
  public static final DeterministicModel.Stats STATS = new DeterministicModel.Stats();

  @Override
  public List<ServedModel> loadAll() {
    return List.of(
        DeterministicModel.create("test", STATS),
        DeterministicModel.create("other", new DeterministicModel.Stats()));
  }
}
