package dev.clipstream.preprocess;

/**
 * Chooses how the 8-bit resize runs: on SIMD lanes ({@link VectorResampler}) when the JVM was
 * started with {@code --add-modules jdk.incubator.vector} and the CPU has at least 256-bit vectors,
 * otherwise the scalar {@link PillowResampler}. Both give identical bytes. The choice is made once
 * per JVM; the vector class is loaded only after the module is known to be there, because loading
 * it without the module fails.
 */
final class Resamplers {
  private static final String VECTOR_MODULE = "jdk.incubator.vector";

  private static final PillowResampler.Passes8 ACTIVE =
      select(ModuleLayer.boot().findModule(VECTOR_MODULE).isPresent());

  private Resamplers() {}

  static PillowResampler.Passes8 active() {
    return ACTIVE;
  }

  /** The vector implementation when the module is present and it pays, else the scalar one. */
  static PillowResampler.Passes8 select(boolean vectorModulePresent) {
    if (!vectorModulePresent) {
      return PillowResampler.scalar("start java with --add-modules " + VECTOR_MODULE + " for SIMD");
    }
    try {
      Class<?> type = Class.forName(Resamplers.class.getPackageName() + ".VectorResampler");
      if (!(boolean) type.getDeclaredMethod("worthwhile").invoke(null)) {
        return PillowResampler.scalar("this CPU's vectors are narrower than 256 bits");
      }
      return (PillowResampler.Passes8) type.getDeclaredConstructor().newInstance();
    } catch (ReflectiveOperationException | LinkageError e) {
      // Present but unusable: the scalar resize gives the same bytes, and the reason is logged.
      return PillowResampler.scalar("the Vector API could not be used: " + e);
    }
  }
}
