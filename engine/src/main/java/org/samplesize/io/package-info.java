/**
 * File-system helpers shared by every stage: {@link org.samplesize.io.AtomicFiles} replaces a file
 * so that a reader (or a run resumed after a crash) sees the old content or the new, never half.
 */
package org.samplesize.io;
