package dev.clipstream.service;

/**
 * A tokenised text ready for the text tower.
 *
 * @param ids token ids, contextLength long, zero-padded
 * @param tokenCount non-pad tokens, including start and end tokens
 * @param truncated true when the text was longer than the context and was cut
 */
public record PreparedText(int[] ids, int tokenCount, boolean truncated) {}
