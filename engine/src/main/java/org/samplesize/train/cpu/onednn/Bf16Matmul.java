package org.samplesize.train.cpu.onednn;

import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DST;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_FROM;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_SRC;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_TO;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_WEIGHTS;
import static org.bytedeco.dnnl.global.dnnl.dnnl_bf16;
import static org.bytedeco.dnnl.global.dnnl.dnnl_cpu;
import static org.bytedeco.dnnl.global.dnnl.dnnl_data_type_undef;
import static org.bytedeco.dnnl.global.dnnl.dnnl_engine_create;
import static org.bytedeco.dnnl.global.dnnl.dnnl_engine_destroy;
import static org.bytedeco.dnnl.global.dnnl.dnnl_f32;
import static org.bytedeco.dnnl.global.dnnl.dnnl_matmul_primitive_desc_create;
import static org.bytedeco.dnnl.global.dnnl.dnnl_memory_create;
import static org.bytedeco.dnnl.global.dnnl.dnnl_memory_desc_create_with_strides;
import static org.bytedeco.dnnl.global.dnnl.dnnl_memory_desc_destroy;
import static org.bytedeco.dnnl.global.dnnl.dnnl_memory_destroy;
import static org.bytedeco.dnnl.global.dnnl.dnnl_memory_set_data_handle;
import static org.bytedeco.dnnl.global.dnnl.dnnl_post_ops_append_sum;
import static org.bytedeco.dnnl.global.dnnl.dnnl_post_ops_create;
import static org.bytedeco.dnnl.global.dnnl.dnnl_post_ops_destroy;
import static org.bytedeco.dnnl.global.dnnl.dnnl_primitive_attr_create;
import static org.bytedeco.dnnl.global.dnnl.dnnl_primitive_attr_destroy;
import static org.bytedeco.dnnl.global.dnnl.dnnl_primitive_attr_set_post_ops;
import static org.bytedeco.dnnl.global.dnnl.dnnl_primitive_create;
import static org.bytedeco.dnnl.global.dnnl.dnnl_primitive_desc_destroy;
import static org.bytedeco.dnnl.global.dnnl.dnnl_primitive_destroy;
import static org.bytedeco.dnnl.global.dnnl.dnnl_primitive_execute;
import static org.bytedeco.dnnl.global.dnnl.dnnl_reorder_primitive_desc_create;
import static org.bytedeco.dnnl.global.dnnl.dnnl_stream_create;
import static org.bytedeco.dnnl.global.dnnl.dnnl_stream_default_flags;
import static org.bytedeco.dnnl.global.dnnl.dnnl_stream_destroy;
import static org.bytedeco.dnnl.global.dnnl.dnnl_stream_wait;
import static org.samplesize.train.cpu.onednn.OneDnn.check;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bytedeco.dnnl.dnnl_engine;
import org.bytedeco.dnnl.dnnl_exec_arg_t;
import org.bytedeco.dnnl.dnnl_memory;
import org.bytedeco.dnnl.dnnl_memory_desc;
import org.bytedeco.dnnl.dnnl_post_ops;
import org.bytedeco.dnnl.dnnl_primitive;
import org.bytedeco.dnnl.dnnl_primitive_attr;
import org.bytedeco.dnnl.dnnl_primitive_desc;
import org.bytedeco.dnnl.dnnl_stream;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.LongPointer;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.javacpp.ShortPointer;
import org.samplesize.UnavailableException;

/**
 * Row-major {@code c = op(a)·op(b) + beta·c} on fp32 native memory, computed in bf16: both operands
 * are rounded to bfloat16 (round to nearest even) into scratch memory this object owns, then
 * oneDNN's matmul multiplies them with fp32 accumulation into the fp32 {@code c}. The fp32 inputs
 * are left as they are, so callers keep fp32 master weights and activations.
 *
 * <p>oneDNN runs each product on all of the process's OpenMP threads (one per core unless {@code
 * OMP_NUM_THREADS} says otherwise). Primitives are created per shape on first use and kept (the
 * least recently used are freed beyond {@value #MAX_CACHED}).
 *
 * <p>Owns native memory: the caller closes it; {@link #close()} is idempotent. Not thread-safe.
 */
public final class Bf16Matmul implements AutoCloseable {
  /** Primitives of each kind kept; a tail uses about 20 product shapes per batch size. */
  static final int MAX_CACHED = 96;

  private final dnnl_engine engine = new dnnl_engine();
  private final dnnl_stream stream = new dnnl_stream();
  private final Map<ProductKey, Primitive> products = lru();
  private final Map<Long, Primitive> reorders = lru();
  private ShortPointer aScratch;
  private ShortPointer bScratch;
  private boolean closed;

  /**
   * @throws UnavailableException when oneDNN does not load or this CPU has no AVX512-BF16
   */
  public Bf16Matmul() {
    String why = OneDnn.bf16UnavailableReason();
    if (why != null) {
      throw new UnavailableException("bf16 matrix products are not available: " + why);
    }
    check(dnnl_engine_create(engine, dnnl_cpu, 0), "dnnl_engine_create");
    try {
      check(dnnl_stream_create(stream, engine, dnnl_stream_default_flags), "dnnl_stream_create");
    } catch (RuntimeException e) {
      dnnl_engine_destroy(engine);
      throw e;
    }
  }

  /**
   * Row-major {@code c = op(a)·op(b) + beta·c} with bf16 operands and fp32 accumulation.
   *
   * @param transA whether {@code a} is stored transposed ({@code k × m})
   * @param transB whether {@code b} is stored transposed ({@code n × k})
   * @param m rows of {@code c}, &ge; 1
   * @param n columns of {@code c}, &ge; 1
   * @param k the reduction length, &ge; 1
   * @param a {@code m·k} floats
   * @param b {@code k·n} floats
   * @param beta 0 (overwrite {@code c}) or 1 (add to it)
   * @param c {@code m·n} floats, receives the product
   */
  public void gemm(
      boolean transA,
      boolean transB,
      int m,
      int n,
      int k,
      FloatPointer a,
      FloatPointer b,
      float beta,
      FloatPointer c) {
    if (closed) {
      throw new IllegalStateException("Trying to use a closed Bf16Matmul.");
    }
    if (m < 1 || n < 1 || k < 1) {
      throw new IllegalArgumentException(
          "m = " + m + ", n = " + n + ", k = " + k + ", expected each >= 1");
    }
    if (beta != 0f && beta != 1f) {
      throw new IllegalArgumentException("beta = " + beta + ", expected 0 or 1");
    }
    long aLength = (long) m * k;
    long bLength = (long) k * n;
    aScratch = fit(aScratch, aLength);
    bScratch = fit(bScratch, bLength);
    Primitive product =
        products.computeIfAbsent(
            new ProductKey(transA, transB, m, n, k, beta != 0f), this::createProduct);
    reorder(aLength).execute(a, aScratch);
    reorder(bLength).execute(b, bScratch);
    product.execute(aScratch, bScratch, c);
    check(dnnl_stream_wait(stream), "dnnl_stream_wait");
  }

  private Primitive reorder(long length) {
    return reorders.computeIfAbsent(length, this::createReorder);
  }

  /** Frees every primitive, the scratch memory, the stream and the engine; idempotent. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    products.values().forEach(Primitive::close);
    products.clear();
    reorders.values().forEach(Primitive::close);
    reorders.clear();
    for (ShortPointer p : new ShortPointer[] {aScratch, bScratch}) {
      if (p != null) {
        p.close();
      }
    }
    dnnl_stream_destroy(stream);
    dnnl_engine_destroy(engine);
  }

  private static ShortPointer fit(ShortPointer current, long length) {
    if (current != null && current.capacity() >= length) {
      return current;
    }
    if (current != null) {
      current.close();
    }
    ShortPointer p = new ShortPointer(length);
    if (p.isNull()) {
      throw new OutOfMemoryError("cannot allocate " + length * 2 + " bytes of native memory");
    }
    return p;
  }

  private Primitive createProduct(ProductKey key) {
    List<dnnl_memory_desc> descs = new ArrayList<>();
    dnnl_primitive_attr attr = new dnnl_primitive_attr();
    dnnl_post_ops postOps = new dnnl_post_ops();
    dnnl_primitive_desc pd = new dnnl_primitive_desc();
    try {
      dnnl_memory_desc a =
          desc(descs, key.m, key.k, dnnl_bf16, key.transA ? key.m : key.k, key.transA);
      dnnl_memory_desc b =
          desc(descs, key.k, key.n, dnnl_bf16, key.transB ? key.k : key.n, key.transB);
      dnnl_memory_desc c = desc(descs, key.m, key.n, dnnl_f32, key.n, false);
      check(dnnl_primitive_attr_create(attr), "dnnl_primitive_attr_create");
      if (key.accumulate) {
        check(dnnl_post_ops_create(postOps), "dnnl_post_ops_create");
        check(
            dnnl_post_ops_append_sum(postOps, 1f, 0, dnnl_data_type_undef),
            "dnnl_post_ops_append_sum");
        check(dnnl_primitive_attr_set_post_ops(attr, postOps), "dnnl_primitive_attr_set_post_ops");
      }
      check(
          dnnl_matmul_primitive_desc_create(pd, engine, a, b, null, c, attr),
          "dnnl_matmul_primitive_desc_create");
      return new Primitive(pd, new int[] {DNNL_ARG_SRC, DNNL_ARG_WEIGHTS, DNNL_ARG_DST}, a, b, c);
    } finally {
      if (!pd.isNull()) {
        dnnl_primitive_desc_destroy(pd);
      }
      if (!postOps.isNull()) {
        dnnl_post_ops_destroy(postOps);
      }
      if (!attr.isNull()) {
        dnnl_primitive_attr_destroy(attr);
      }
      descs.forEach(d -> dnnl_memory_desc_destroy(d));
    }
  }

  private Primitive createReorder(long length) {
    List<dnnl_memory_desc> descs = new ArrayList<>();
    dnnl_primitive_desc pd = new dnnl_primitive_desc();
    try {
      dnnl_memory_desc from = desc(descs, 1, length, dnnl_f32, length, false);
      dnnl_memory_desc to = desc(descs, 1, length, dnnl_bf16, length, false);
      check(
          dnnl_reorder_primitive_desc_create(pd, from, engine, to, engine, null),
          "dnnl_reorder_primitive_desc_create");
      return new Primitive(pd, new int[] {DNNL_ARG_FROM, DNNL_ARG_TO}, from, to);
    } finally {
      if (!pd.isNull()) {
        dnnl_primitive_desc_destroy(pd);
      }
      descs.forEach(d -> dnnl_memory_desc_destroy(d));
    }
  }

  /** A row-major {@code rows × cols} matrix with leading dimension {@code ld}, or its transpose. */
  private static dnnl_memory_desc desc(
      List<dnnl_memory_desc> owned, long rows, long cols, int type, long ld, boolean transposed) {
    dnnl_memory_desc d = new dnnl_memory_desc();
    try (LongPointer dims = new LongPointer(rows, cols);
        LongPointer strides = transposed ? new LongPointer(1, ld) : new LongPointer(ld, 1)) {
      check(
          dnnl_memory_desc_create_with_strides(d, 2, dims, type, strides),
          "dnnl_memory_desc_create_with_strides");
    }
    owned.add(d);
    return d;
  }

  private <K> Map<K, Primitive> lru() {
    return new LinkedHashMap<>(16, 0.75f, true) {
      private static final long serialVersionUID = 1L;

      @Override
      protected boolean removeEldestEntry(Map.Entry<K, Primitive> eldest) {
        if (size() > MAX_CACHED) {
          eldest.getValue().close();
          return true;
        }
        return false;
      }
    };
  }

  /** What decides a product's primitive. */
  private record ProductKey(
      boolean transA, boolean transB, long m, long n, long k, boolean accumulate) {}

  /** A primitive with one memory object per argument, pointed at the caller's data per call. */
  private final class Primitive implements AutoCloseable {
    private final dnnl_primitive primitive = new dnnl_primitive();
    private final dnnl_memory[] memories;
    private final dnnl_exec_arg_t args;

    Primitive(dnnl_primitive_desc pd, int[] argKinds, dnnl_memory_desc... descs) {
      memories = new dnnl_memory[descs.length];
      args = new dnnl_exec_arg_t(descs.length);
      try {
        check(dnnl_primitive_create(primitive, pd), "dnnl_primitive_create");
        for (int i = 0; i < descs.length; i++) {
          memories[i] = new dnnl_memory();
          check(
              dnnl_memory_create(memories[i], descs[i], engine, (Pointer) null),
              "dnnl_memory_create");
          args.position(i).arg(argKinds[i]).memory(memories[i]);
        }
        args.position(0);
      } catch (RuntimeException e) {
        close();
        throw e;
      }
    }

    void execute(Pointer... data) {
      for (int i = 0; i < data.length; i++) {
        check(dnnl_memory_set_data_handle(memories[i], data[i]), "dnnl_memory_set_data_handle");
      }
      check(
          dnnl_primitive_execute(primitive, stream, memories.length, args),
          "dnnl_primitive_execute");
    }

    @Override
    public void close() {
      for (dnnl_memory mem : memories) {
        if (mem != null && !mem.isNull()) {
          dnnl_memory_destroy(mem);
        }
      }
      if (!primitive.isNull()) {
        dnnl_primitive_destroy(primitive);
      }
      args.close();
    }
  }
}
