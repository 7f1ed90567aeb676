package dev.clipstream.cli.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ServerStagesTest {
  private static String metrics(double preprocess, int items, double execution, int batches) {
    return String.join(
        "\n",
        "# HELP clip_preprocess_seconds Time to decode and preprocess",
        "clip_preprocess_seconds_count{model=\"m\",tower=\"image\"} " + items,
        "clip_preprocess_seconds_sum{model=\"m\",tower=\"image\"} " + preprocess,
        "clip_preprocess_seconds_count{model=\"m\",tower=\"text\"} 999",
        "clip_preprocess_seconds_sum{model=\"m\",tower=\"text\"} 9.0",
        "clip_queue_wait_seconds_count{model=\"m\",tower=\"image\"} " + items,
        "clip_queue_wait_seconds_sum{model=\"m\",tower=\"image\"} " + items * 0.0002,
        "clip_model_execution_seconds_count{model=\"m\",tower=\"image\"} " + batches,
        "clip_model_execution_seconds_sum{model=\"m\",tower=\"image\"} " + execution,
        "clip_model_execution_seconds_count{model=\"other\",tower=\"image\"} 5",
        "");
  }

  @Test
  void readsOneModelsTowerAndGivesPerItemMeansBetweenTwoReadings() {
    ServerStages before = ServerStages.parse(metrics(1.0, 100, 10.0, 100), "m", "image");
    ServerStages after = ServerStages.parse(metrics(1.5, 150, 15.5, 150), "m", "image");
    ServerStages delta = after.since(before);
    assertEquals(50, delta.preprocessCount());
    assertEquals(10.0, delta.preprocessMillisPerItem(), 1e-9);
    assertEquals(0.2, delta.queueWaitMillisPerItem(), 1e-9);
    assertEquals(110.0, delta.executionMillisPerBatch(), 1e-9);
  }

  @Test
  void absentSeriesReadAsZeroAndGiveNoMeans() {
    ServerStages none = ServerStages.parse("# nothing here\n", "m", "image");
    assertEquals(0, none.executionCount());
    assertTrue(Double.isNaN(none.preprocessMillisPerItem()));
    assertTrue(Double.isNaN(none.executionMillisPerBatch()));
  }
}
