package dev.clipstream.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The server's configuration, keys under {@code clip.} in kebab-case (application.properties,
 * system properties or {@code CLIP_*} environment variables). Sizes carry their unit in the name.
 */
@ConfigMapping(prefix = "clip")
public interface ClipServerConfig {
  /** The model repository. */
  Models models();

  /**
   * {@code clip.default-model}: the model used when a request names none. Unset: the only model, or
   * else the first by name.
   */
  Optional<String> defaultModel();

  /** {@code clip.batching.image.*} and {@code clip.batching.text.*}: one scheduler per tower. */
  Batching batching();

  /** {@code clip.limits.*}: request size limits. */
  Limits limits();

  /** {@code clip.preprocess.*}: the decode/tokenize worker pool. */
  Preprocess preprocess();

  /** {@code clip.runtime.*}: TensorFlow threads. */
  Runtime runtime();

  /** {@code clip.label-cache-entries}: label embeddings kept in the LRU cache (model, text). */
  @WithDefault("8192")
  int labelCacheEntries();

  /**
   * {@code clip.drain-grace-period}: on SIGTERM, how long in-flight calls may still finish while
   * new calls get UNAVAILABLE.
   */
  @WithDefault("20s")
  Duration drainGracePeriod();

  interface Models {
    /** {@code clip.models.dir}: a folder of model folders (saved_model.pb + model.json each). */
    @WithDefault("models")
    Path dir();

    /** {@code clip.models.warmup-batch-sizes}: batch sizes run on each signature before ready. */
    @WithDefault("1,4")
    List<Integer> warmupBatchSizes();

    /**
     * {@code clip.models.warmup-images}: synthetic JPEGs decoded and preprocessed before ready, so
     * the JIT compiles the image path before the first call (about 1 s on 2 cores); 0 skips it.
     */
    @WithDefault("64")
    int warmupImages();

    /** {@code clip.models.warmup-texts}: synthetic captions tokenised before ready; 0 skips it. */
    @WithDefault("512")
    int warmupTexts();
  }

  interface Batching {
    Tower image();

    Tower text();
  }

  /** Options of one tower's batch scheduler. */
  interface Tower {
    /** Most items per model call. */
    @WithDefault("32")
    int maxBatchSize();

    /** Longest the oldest item waits for a batch to fill while the model is busy. */
    @WithDefault("2ms")
    Duration batchTimeout();

    /**
     * With no batch running, dispatch queued items at once instead of waiting {@code batch-timeout}
     * (items that arrive while a batch runs still form the next batch). false gives TF Serving's
     * always-wait semantics.
     */
    @WithDefault("true")
    boolean dispatchWhenIdle();

    /**
     * With {@code dispatch-when-idle}, how long the oldest item may wait on an idle model for items
     * still being prepared (decoded, tokenised) for it; a lone request has none and never waits. 0
     * dispatches at once.
     */
    @WithDefault("25ms")
    Duration preparingWait();

    /**
     * With {@code dispatch-when-idle}, a worker that has prepared an item for an idle tower (no
     * batch running, nothing queued or being prepared) runs its model call itself instead of waking
     * a batch thread for it: one thread hand-off fewer for a lone call. It then holds one of the
     * {@code num-batch-threads} slots. false always hands items to the batch threads.
     */
    @WithDefault("true")
    boolean runIdleBatchOnWorker();

    /** Queue bound; beyond it calls get RESOURCE_EXHAUSTED with a retry pushback. */
    @WithDefault("1024")
    int maxQueuedItems();

    /**
     * Batches running concurrently; 0 means one per core (TF Serving's default). On CPU two
     * overlapping session runs fill the cores better than one: the bench measured 24 texts/s with
     * one caller and 32 with two on vit-b-32.
     */
    @WithDefault("0")
    int numBatchThreads();
  }

  interface Limits {
    /** Largest encoded image, bytes (also the largest chunked upload). */
    @WithDefault("67108864")
    long maxImageBytes();

    /** Largest image, width × height pixels, checked from the header before decoding. */
    @WithDefault("40000000")
    long maxPixels();

    /** Most labels in one ClassifyImage or TagFrames config. */
    @WithDefault("1000")
    int maxLabels();

    /** Most texts in one EncodeText (and text candidates in Rank). */
    @WithDefault("256")
    int maxTextsPerRequest();

    /** Most images in one EncodeImage (and image candidates in Rank). */
    @WithDefault("64")
    int maxImagesPerRequest();

    /**
     * Largest gRPC message, bytes; application.properties passes it to
     * quarkus.grpc.server.max-inbound-message-size. Larger images go through UploadImage.
     */
    @WithDefault("16777216")
    int maxInboundMessageBytes();

    /** Items of one stream decoded or queued at the same time (stream flow-control window). */
    @WithDefault("64")
    int maxStreamItemsInFlight();
  }

  interface Preprocess {
    /** Decode/tokenize threads; 0 means one per core. */
    @WithDefault("0")
    int workerThreads();

    /** Tasks waiting for a worker; beyond it calls get RESOURCE_EXHAUSTED. */
    @WithDefault("1024")
    int maxQueuedTasks();
  }

  interface Runtime {
    /** TensorFlow intra-op threads; 0 lets TensorFlow choose. */
    @WithDefault("0")
    int intraOpThreads();

    /** TensorFlow inter-op threads; 0 lets TensorFlow choose. */
    @WithDefault("0")
    int interOpThreads();
  }
}
