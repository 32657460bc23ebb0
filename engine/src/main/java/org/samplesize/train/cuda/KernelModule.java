package org.samplesize.train.cuda;

import static org.samplesize.train.cuda.CudaStatus.checkCuda;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.bytedeco.cuda.cudart.CUfunc_st;
import org.bytedeco.cuda.cudart.CUmod_st;
import org.bytedeco.cuda.global.cudart;
import org.bytedeco.cuda.global.nvrtc;
import org.bytedeco.cuda.nvrtc._nvrtcProgram;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.LongPointer;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.javacpp.PointerPointer;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.javacpp.SizeTPointer;
import org.samplesize.SamplesizeException;

/**
 * CUDA C compiled at run time with NVRTC for the current device and loaded as a module. Owns the
 * module; {@code close()} unloads it.
 */
public final class KernelModule implements AutoCloseable {
  private CUmod_st module;
  private final Map<String, CUfunc_st> functions = new HashMap<>();

  /**
   * @param source CUDA C source
   * @param name a file name for compiler messages
   * @param ccMajor compute capability major of the device
   * @param ccMinor compute capability minor
   * @param kernels names of the {@code extern "C"} kernels to look up
   */
  public KernelModule(String source, String name, int ccMajor, int ccMinor, List<String> kernels) {
    byte[] cubin = compile(source, name, ccMajor, ccMinor);
    module = new CUmod_st();
    try (BytePointer image = new BytePointer(cubin)) {
      checkCuda(cudart.cuModuleLoadData(module, image), "cuModuleLoadData");
    }
    for (String k : kernels) {
      CUfunc_st f = new CUfunc_st();
      checkCuda(cudart.cuModuleGetFunction(f, module, k), "cuModuleGetFunction");
      functions.put(k, f);
    }
  }

  /** The NVRTC options: exact float rounding (no FMA contraction), native code for the device. */
  static List<String> options(int ccMajor, int ccMinor) {
    return List.of(
        "--gpu-architecture=sm_" + ccMajor + ccMinor,
        "--fmad=false",
        "--prec-div=true",
        "--prec-sqrt=true",
        "--std=c++17");
  }

  private static byte[] compile(String source, String name, int ccMajor, int ccMinor) {
    try (PointerScope scope = new PointerScope()) {
      return compileInScope(source, name, ccMajor, ccMinor);
    }
  }

  private static byte[] compileInScope(String source, String name, int ccMajor, int ccMinor) {
    _nvrtcProgram program = new _nvrtcProgram();
    checkCuda(
        nvrtc.nvrtcCreateProgram(
            program,
            new BytePointer(source),
            new BytePointer(name),
            0,
            (PointerPointer<?>) null,
            (PointerPointer<?>) null),
        "nvrtcCreateProgram");
    try {
      List<String> opts = options(ccMajor, ccMinor);
      PointerPointer<BytePointer> optPointers = new PointerPointer<>(opts.size());
      for (int i = 0; i < opts.size(); i++) {
        optPointers.put(i, new BytePointer(opts.get(i)));
      }
      int status = nvrtc.nvrtcCompileProgram(program, opts.size(), optPointers);
      if (status != nvrtc.NVRTC_SUCCESS) {
        throw new SamplesizeException(
            "nvrtcCompileProgram failed for " + name + ": " + log(program));
      }
      SizeTPointer size = new SizeTPointer(1);
      checkCuda(nvrtc.nvrtcGetCUBINSize(program, size), "nvrtcGetCUBINSize");
      byte[] cubin = new byte[(int) size.get()];
      checkCuda(nvrtc.nvrtcGetCUBIN(program, cubin), "nvrtcGetCUBIN");
      return cubin;
    } finally {
      nvrtc.nvrtcDestroyProgram(program);
    }
  }

  private static String log(_nvrtcProgram program) {
    SizeTPointer size = new SizeTPointer(1);
    if (nvrtc.nvrtcGetProgramLogSize(program, size) != 0) {
      return "(no log)";
    }
    byte[] log = new byte[(int) size.get()];
    nvrtc.nvrtcGetProgramLog(program, log);
    return new String(log, java.nio.charset.StandardCharsets.UTF_8).trim();
  }

  /**
   * Launches a kernel on the default stream. Arguments: {@link DeviceBuffer} (its address), {@code
   * Integer}, {@code Long}, {@code Float}.
   */
  public void launch(String kernel, int gridX, int blockX, Object... args) {
    CUfunc_st f = functions.get(kernel);
    if (f == null || module == null) {
      throw new IllegalStateException(
          module == null ? "KernelModule is closed" : "no kernel named " + kernel);
    }
    try (PointerScope scope = new PointerScope()) {
      PointerPointer<Pointer> params = new PointerPointer<>(args.length);
      for (int i = 0; i < args.length; i++) {
        Object a = args[i];
        Pointer value;
        if (a instanceof DeviceBuffer d) {
          value = new LongPointer(1).put(d.address());
        } else if (a instanceof Integer v) {
          value = new IntPointer(1).put(v);
        } else if (a instanceof Long v) {
          value = new LongPointer(1).put(v);
        } else if (a instanceof Float v) {
          value = new FloatPointer(1).put(v);
        } else {
          throw new IllegalArgumentException(
              "kernel " + kernel + " argument " + i + " has unsupported type " + a);
        }
        params.put(i, value);
      }
      checkCuda(
          cudart.cuLaunchKernel(
              f, gridX, 1, 1, blockX, 1, 1, 0, null, params, (PointerPointer<?>) null),
          "cuLaunchKernel");
    }
  }

  @Override
  public void close() {
    if (module != null) {
      CUmod_st m = module;
      module = null;
      functions.clear();
      checkCuda(cudart.cuModuleUnload(m), "cuModuleUnload");
    }
  }
}
