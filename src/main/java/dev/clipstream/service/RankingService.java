package dev.clipstream.service;

import dev.clipstream.model.Embeddings;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** Ranks candidates (texts or images) against one query (a text or an image) by cosine. */
public final class RankingService {
  private final EmbeddingService embeddings;

  public RankingService(EmbeddingService embeddings) {
    this.embeddings = embeddings;
  }

  /**
   * A ranked candidate.
   *
   * @param index the candidate's position in the request
   * @param score cosine similarity with the query
   */
  public record Ranked(int index, float score) {}

  /**
   * Ranks candidates. Exactly one of {@code queryText}/{@code queryImage} and exactly one of the
   * candidate lists must be given.
   *
   * @throws ClipServiceException INVALID_ARGUMENT naming "query" or "candidates"
   */
  public CompletableFuture<List<Ranked>> rank(
      ModelHandle model,
      String queryText,
      ImageInput queryImage,
      List<String> candidateTexts,
      List<ImageInput> candidateImages,
      int topK,
      CallContext call) {
    if ((queryText == null) == (queryImage == null)) {
      throw ClipServiceException.invalid("query", "set exactly one of query_text or query_image");
    }
    if (candidateTexts.isEmpty() == candidateImages.isEmpty()) {
      throw ClipServiceException.invalid(
          "candidates",
          candidateTexts.isEmpty()
              ? "no candidates: set candidate_texts or candidate_images"
              : "set candidate_texts or candidate_images, not both");
    }
    CompletableFuture<float[]> query =
        queryText != null
            ? embeddings.encodeText(model, queryText, true, call).thenApply(r -> r.embedding())
            : embeddings.encodeImage(model, queryImage, true, call, "query_image");
    CompletableFuture<List<float[]>> candidates =
        !candidateTexts.isEmpty()
            ? embeddings
                .encodeTexts(model, candidateTexts, true, call)
                .thenApply(rs -> rs.stream().map(EmbeddingService.TextResult::embedding).toList())
            : embeddings.encodeImages(model, candidateImages, true, call, "candidate_images");
    return query.thenCombine(candidates, (q, cs) -> sort(q, cs, topK));
  }

  /** Cosine of each candidate with the query, best first (ties keep request order). */
  static List<Ranked> sort(float[] normalizedQuery, List<float[]> normalizedCandidates, int topK) {
    List<Ranked> ranked = new ArrayList<>(normalizedCandidates.size());
    for (int i = 0; i < normalizedCandidates.size(); i++) {
      ranked.add(new Ranked(i, Embeddings.dot(normalizedQuery, normalizedCandidates.get(i))));
    }
    ranked.sort(
        Comparator.comparingDouble((Ranked r) -> -r.score()).thenComparingInt(Ranked::index));
    return topK > 0 && topK < ranked.size() ? List.copyOf(ranked.subList(0, topK)) : ranked;
  }
}
