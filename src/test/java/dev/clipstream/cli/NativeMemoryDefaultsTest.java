package dev.clipstream.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.Properties;
import org.junit.jupiter.api.Test;

class NativeMemoryDefaultsTest {
  @Test
  void turnsJavaCppsPhysicalMemoryCapOffByDefault() {
    Properties system = new Properties();
    NativeMemoryDefaults.apply(system);
    assertEquals("0", system.getProperty(NativeMemoryDefaults.MAX_PHYSICAL_BYTES));
  }

  @Test
  void keepsTheOperatorsCap() {
    Properties system = new Properties();
    system.setProperty(NativeMemoryDefaults.MAX_PHYSICAL_BYTES, "8g");
    NativeMemoryDefaults.apply(system);
    assertEquals("8g", system.getProperty(NativeMemoryDefaults.MAX_PHYSICAL_BYTES));
  }

  @Test
  void keepsTheOperatorsCapInTheLowerCaseSpelling() {
    Properties system = new Properties();
    system.setProperty(NativeMemoryDefaults.MAX_PHYSICAL_BYTES_LOWER, "8g");
    NativeMemoryDefaults.apply(system);
    assertNull(system.getProperty(NativeMemoryDefaults.MAX_PHYSICAL_BYTES));
    assertEquals("8g", system.getProperty(NativeMemoryDefaults.MAX_PHYSICAL_BYTES_LOWER));
  }
}
