/**
 * File-system helpers shared by every stage: {@link org.samplesize.io.AtomicFiles} replaces a file
 * so that a reader (or a run resumed after a crash) sees the old content or the new, never half;
 * {@link org.samplesize.io.Sha256} computes every SHA-256 fingerprint samplesize records.
 */
package org.samplesize.io;
