package org.samplesize.image;

/**
 * What a successful decode found out about a file.
 *
 * @param format {@code jpeg}, {@code png}, ...
 * @param width width in pixels
 * @param height height in pixels
 * @param channels channels stored in the file (1 grey, 3 colour, 4 with alpha)
 */
public record ImageInfo(String format, int width, int height, int channels) {}
