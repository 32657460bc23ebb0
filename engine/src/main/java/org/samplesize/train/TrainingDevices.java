package org.samplesize.train;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.ServiceLoader;
import org.samplesize.InvalidInputException;
import org.samplesize.ProgressListener;
import org.samplesize.SettingSource;
import org.samplesize.UnavailableException;

/**
 * Finds the {@link TrainingBackend}s on the class path ({@link ServiceLoader}, once per JVM) and
 * chooses a device by name and by what the machine has: {@code auto} takes the first available
 * accelerator and otherwise the CPU, saying why in one note; an explicit {@code cuda} (or {@code
 * cuda:N}) that cannot be met fails at once rather than quietly running on the CPU.
 */
public final class TrainingDevices {
  private static volatile List<TrainingBackend> backends;

  private TrainingDevices() {}

  /**
   * @return every backend on the class path, in {@code META-INF/services} order (the CPU first)
   */
  public static List<TrainingBackend> all() {
    List<TrainingBackend> b = backends;
    if (b == null) {
      synchronized (TrainingDevices.class) {
        b = backends;
        if (b == null) {
          List<TrainingBackend> found = new ArrayList<>();
          ServiceLoader.load(TrainingBackend.class, TrainingDevices.class.getClassLoader())
              .forEach(found::add);
          b = List.copyOf(found);
          backends = b;
        }
      }
    }
    return b;
  }

  /**
   * @param name a backend name, any case
   * @return the backend of that name
   * @throws InvalidInputException when none has it (the message lists the known names)
   */
  public static TrainingBackend named(String name) {
    String n = name.trim().toLowerCase(Locale.ROOT);
    for (TrainingBackend b : all()) {
      if (b.name().equals(n)) {
        return b;
      }
    }
    throw new InvalidInputException(
        "--device " + name + " is not a training device; use auto, " + String.join(", ", names()));
  }

  /**
   * @param name a backend name
   * @return whether that backend is there and usable
   */
  public static boolean isAvailable(String name) {
    for (TrainingBackend b : all()) {
      if (b.name().equals(name)) {
        return b.isAvailable();
      }
    }
    return false;
  }

  /**
   * Whether a {@code --device} value is well formed, without probing any device.
   *
   * @param device {@code auto}, a backend name, or an accelerator's name with {@code :index}
   * @throws InvalidInputException when it is not
   */
  public static void checkName(String device) {
    parse(device);
  }

  /**
   * Chooses the device a {@code --device} value means on this machine.
   *
   * @param device {@code auto} (or null), {@code cpu}, {@code cuda} or {@code cuda:N}, any case
   * @param work what runs, for the note, e.g. {@code "training heads"}
   * @param progress receives one note when {@code auto} falls back to the CPU; may be null
   * @return the chosen device
   * @throws InvalidInputException for an unknown device name or a malformed index
   * @throws UnavailableException for an explicit device that is not usable here
   */
  public static TrainingDevice select(String device, String work, ProgressListener progress) {
    return select(device, work, progress, SettingSource.flag("--device"));
  }

  /**
   * {@link #select(String, String, ProgressListener)}, with the refusal of an explicit device that
   * is not usable here naming where the device came from.
   *
   * @param device {@code auto} (or null), {@code cpu}, {@code cuda} or {@code cuda:N}, any case
   * @param work what runs, for the note, e.g. {@code "training heads"}
   * @param progress receives one note when {@code auto} falls back to the CPU; may be null
   * @param source the flag or the settings file's line that gave {@code device}
   * @return the chosen device
   * @throws InvalidInputException for an unknown device name or a malformed index
   * @throws UnavailableException for an explicit device that is not usable here
   */
  public static TrainingDevice select(
      String device, String work, ProgressListener progress, SettingSource source) {
    Parsed p = parse(device);
    if (p.backend != null) {
      TrainingBackend b = p.backend;
      if (!b.isAvailable()) {
        throw new UnavailableException(
            source.given(p.text)
                + ": no usable "
                + describe(b)
                + " ("
                + b.unavailableReason()
                + "); "
                + source.advice(null, "cpu", "auto"));
      }
      if (p.index >= b.deviceCount()) {
        throw new UnavailableException(
            source.given(p.text)
                + ": this machine has "
                + b.deviceCount()
                + " "
                + describe(b)
                + (b.deviceCount() == 1 ? "" : "s")
                + " (index 0 to "
                + (b.deviceCount() - 1)
                + "); "
                + source.advice("one of those", "auto"));
      }
      return new TrainingDevice(b, p.index);
    }
    TrainingBackend cpu = null;
    List<String> why = new ArrayList<>();
    for (TrainingBackend b : all()) {
      if (b.hasCapability(TrainingBackend.Capability.ACCELERATOR)) {
        if (b.isAvailable() && b.deviceCount() > 0) {
          return new TrainingDevice(b, 0);
        }
        why.add("no usable " + describe(b) + " (" + b.unavailableReason() + ")");
      } else if (cpu == null && b.isAvailable()) {
        cpu = b;
      }
    }
    if (cpu == null) {
      throw new UnavailableException("no training backend is usable: " + String.join("; ", why));
    }
    if (progress != null && !why.isEmpty()) {
      progress.note(work + " on CPU: " + String.join("; ", why));
    }
    return new TrainingDevice(cpu, 0);
  }

  private static String describe(TrainingBackend b) {
    return b.hasCapability(TrainingBackend.Capability.ACCELERATOR)
        ? b.name().toUpperCase(Locale.ROOT) + " GPU"
        : b.name().toUpperCase(Locale.ROOT);
  }

  private static List<String> names() {
    List<String> n = new ArrayList<>();
    for (TrainingBackend b : all()) {
      n.add(b.hasCapability(TrainingBackend.Capability.ACCELERATOR) ? b.name() + "[:N]" : b.name());
    }
    return n;
  }

  private record Parsed(String text, TrainingBackend backend, int index) {}

  private static Parsed parse(String device) {
    String d = device == null ? "auto" : device.trim().toLowerCase(Locale.ROOT);
    if (d.equals("auto")) {
      return new Parsed(d, null, 0);
    }
    int colon = d.indexOf(':');
    String name = colon < 0 ? d : d.substring(0, colon);
    TrainingBackend b = named(name.isEmpty() ? d : name);
    int index = 0;
    if (colon >= 0) {
      String digits = d.substring(colon + 1);
      if (!b.hasCapability(TrainingBackend.Capability.ACCELERATOR)
          || digits.isEmpty()
          || digits.length() > 4
          || !digits.chars().allMatch(Character::isDigit)) {
        throw new InvalidInputException(
            "--device "
                + device
                + ": expected "
                + (b.hasCapability(TrainingBackend.Capability.ACCELERATOR)
                    ? name + " or " + name + ":N with a device index N >= 0"
                    : name + " without an index"));
      }
      index = Integer.parseInt(digits);
    }
    return new Parsed(d, b, index);
  }
}
