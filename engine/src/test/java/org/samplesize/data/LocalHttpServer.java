package org.samplesize.data;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A file server on 127.0.0.1 for download tests. It honours {@code Range: bytes=N-} and can cut the
 * next responses short (announce the full length, send part, close) to imitate a dropped
 * connection.
 */
final class LocalHttpServer implements AutoCloseable {
  private final HttpServer server;
  private final java.util.concurrent.ExecutorService pool =
      java.util.concurrent.Executors.newCachedThreadPool();
  private final Map<String, byte[]> files = new ConcurrentHashMap<>();
  final List<String> ranges = new CopyOnWriteArrayList<>();
  final AtomicInteger requests = new AtomicInteger();

  /** How many of the next responses to cut after half their body. */
  final AtomicInteger cutNext = new AtomicInteger();

  /** Milliseconds to pause after each 32 KiB of a body: a slow server, so that calls overlap. */
  final AtomicInteger pauseMillis = new AtomicInteger();

  LocalHttpServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", this::handle);
    server.setExecutor(pool);
    server.start();
  }

  URI put(String path, byte[] content) {
    files.put(path, content);
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
  }

  private void handle(HttpExchange ex) throws IOException {
    requests.incrementAndGet();
    byte[] body = files.get(ex.getRequestURI().getPath());
    if (body == null) {
      ex.sendResponseHeaders(404, -1);
      ex.close();
      return;
    }
    String range = ex.getRequestHeaders().getFirst("Range");
    int from = 0;
    int status = 200;
    if (range != null) {
      ranges.add(range);
      from = Integer.parseInt(range.replace("bytes=", "").replace("-", ""));
      if (from >= body.length) {
        ex.sendResponseHeaders(416, -1);
        ex.close();
        return;
      }
      status = 206;
      ex.getResponseHeaders()
          .add("Content-Range", "bytes " + from + "-" + (body.length - 1) + "/" + body.length);
    }
    int len = body.length - from;
    ex.sendResponseHeaders(status, len);
    try (OutputStream os = ex.getResponseBody()) {
      if (cutNext.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
        os.write(body, from, len / 2);
        os.flush();
        throw new IOException("cut on purpose");
      }
      int pause = pauseMillis.get();
      for (int at = from, end = from + len; at < end; at += 1 << 15) {
        os.write(body, at, Math.min(1 << 15, end - at));
        if (pause > 0) {
          os.flush();
          Thread.sleep(pause);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      ex.close();
    } catch (IOException e) {
      ex.close();
    }
  }

  @Override
  public void close() {
    server.stop(0);
    pool.shutdownNow();
  }
}
