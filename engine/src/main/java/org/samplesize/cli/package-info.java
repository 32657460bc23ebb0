/**
 * Command line: picocli subcommands ({@code fit}, {@code inspect}, {@code features}, {@code bench},
 * {@code run}). Thin: parses flags into the library's settings records, draws progress, maps errors
 * to exit codes (2 for user mistakes, 3 when the network, a server or the disk is unavailable, 1
 * for internal failures).
 */
package org.samplesize.cli;
