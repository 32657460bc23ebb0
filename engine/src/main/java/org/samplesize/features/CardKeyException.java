package org.samplesize.features;

/**
 * A card check that failed on one key: an {@link IllegalArgumentException} that also names the key,
 * relative to the object that checked it, so that a card file's error can point at that key's own
 * line.
 */
final class CardKeyException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  /** The key the check failed on, dotted from the checking object ("shape", "input.shape"). */
  private final String key;

  /**
   * @param key the key, dotted from the object that checks it
   * @param message what is wrong, in the card's words
   */
  CardKeyException(String key, String message) {
    super(message);
    this.key = key;
  }

  /**
   * @return the key, dotted from the object that checked it
   */
  String key() {
    return key;
  }
}
