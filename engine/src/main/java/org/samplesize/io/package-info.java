/**
 * File-system helpers shared by every stage: {@link org.samplesize.io.AtomicFiles} replaces a file
 * so that a reader (or a run resumed after a crash) sees the old content or the new, never half;
 * {@link org.samplesize.io.Sha256} computes every SHA-256 fingerprint samplesize records; {@link
 * org.samplesize.io.Folders} removes staged or half-extracted trees; {@link
 * org.samplesize.io.StorageUris} tells a file-system URI from a local path.
 */
package org.samplesize.io;
