package io.carbonq.scheduler.api;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Debian's headless chromium driven through its chromedriver, for the dashboard's tests. Where
 * neither is installed the tests are skipped, unless {@code CARBONQ_BROWSER_TESTS=required} (as
 * {@code .ci/run} sets it), which makes a missing browser a failure.
 */
final class Browser {
  private static final List<String> CHROMIUM =
      List.of("/usr/bin/chromium", "/usr/bin/chromium-browser");
  private static final List<String> DRIVER =
      List.of("/usr/bin/chromedriver", "/usr/lib/chromium/chromedriver");

  /** Screenshots go here; with {@code -Dcarbonq.screenshots=DIR} they are copied there too. */
  static final Path SHOTS = Path.of("target", "dashboard-screenshots");

  private Browser() {}

  static ChromeDriver start(int width, int height) {
    Optional<Path> chromium = first(CHROMIUM);
    Optional<Path> driver = first(DRIVER);
    boolean required = "required".equals(System.getenv("CARBONQ_BROWSER_TESTS"));
    if (required && (chromium.isEmpty() || driver.isEmpty())) {
      throw new IllegalStateException(
          "CARBONQ_BROWSER_TESTS=required, but chromium or chromedriver is missing; install"
              + " Debian's chromium and chromium-driver");
    }
    assumeTrue(
        chromium.isPresent() && driver.isPresent(),
        "no chromium and chromedriver here; apt-get install chromium chromium-driver");
    ChromeOptions options = new ChromeOptions();
    options.setBinary(chromium.get().toFile());
    options.addArguments(
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--hide-scrollbars",
        "--window-size=" + width + "," + height);
    ChromeDriverService service =
        new ChromeDriverService.Builder().usingDriverExecutable(driver.get().toFile()).build();
    ChromeDriver chrome = new ChromeDriver(service, options);
    chrome.manage().timeouts().scriptTimeout(Duration.ofSeconds(20));
    return chrome;
  }

  /** A phone's viewport (headless chromium keeps windows at least 500 pixels wide). */
  static void phone(ChromeDriver chrome, int width, int height) {
    chrome.executeCdpCommand(
        "Emulation.setDeviceMetricsOverride",
        Map.of("width", width, "height", height, "deviceScaleFactor", 1, "mobile", true));
  }

  /** Sets the page's preferred colour scheme, as a system setting would. */
  static void preferDark(ChromeDriver chrome) {
    chrome.executeCdpCommand(
        "Emulation.setEmulatedMedia",
        Map.of("features", List.of(Map.of("name", "prefers-color-scheme", "value", "dark"))));
  }

  static Path screenshot(ChromeDriver chrome, String name) {
    try {
      Files.createDirectories(SHOTS);
      Path shot = SHOTS.resolve(name + ".png");
      Files.write(shot, fullPage(chrome));
      String copyTo = System.getProperty("carbonq.screenshots");
      if (copyTo != null && !copyTo.isBlank()) {
        Path dir = Path.of(copyTo);
        Files.createDirectories(dir);
        Files.copy(shot, dir.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
      }
      return shot;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The page below the window too (up to 1,800 pixels): what a reader should see of a view. */
  private static byte[] fullPage(ChromeDriver chrome) {
    Number width = (Number) chrome.executeScript("return document.documentElement.scrollWidth");
    Number height = (Number) chrome.executeScript("return document.documentElement.scrollHeight");
    Map<String, Object> shot =
        chrome.executeCdpCommand(
            "Page.captureScreenshot",
            Map.of(
                "format",
                "png",
                "captureBeyondViewport",
                true,
                "clip",
                Map.of(
                    "x",
                    0,
                    "y",
                    0,
                    "width",
                    width,
                    "height",
                    Math.min(height.intValue(), 1800),
                    "scale",
                    1)));
    return java.util.Base64.getDecoder().decode((String) shot.get("data"));
  }

  private static Optional<Path> first(List<String> candidates) {
    return candidates.stream().map(Path::of).filter(Files::isExecutable).findFirst();
  }
}
