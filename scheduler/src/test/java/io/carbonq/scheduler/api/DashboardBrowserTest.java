package io.carbonq.scheduler.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.carbonq.config.ConfigLoader;
import io.carbonq.scheduler.demo.DemoWorkloads;
import io.carbonq.scheduler.domain.Workload;
import io.carbonq.scheduler.fleet.Fleet;
import io.carbonq.scheduler.planning.Segment;
import io.carbonq.scheduler.queue.JobKeys;
import io.carbonq.scheduler.queue.JobState;
import io.carbonq.scheduler.queue.QueuedJob;
import io.carbonq.scheduler.service.QueueService;
import io.carbonq.scheduler.store.Database;
import io.carbonq.scheduler.store.JobFilter;
import io.carbonq.scheduler.store.TokenStore;
import io.carbonq.scheduler.store.TokenStore.Scope;
import io.carbonq.scheduler.testing.KeptService;
import io.carbonq.scheduler.testing.MovableClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The dashboard in a real browser, against the real API on a seeded queue: two days ago three jobs
 * ran (their footprints feed the savings), and now the demo's Monday queue is planned, with the
 * first jobs started. Each test keeps a screenshot of what it saw in {@link Browser#SHOTS}.
 */
class DashboardBrowserTest {
  static final Instant PAST = Instant.parse("2023-03-11T08:00:00Z");
  static final Instant NOW = Instant.parse("2023-03-13T08:00:00Z");

  final MovableClock clock = new MovableClock(PAST);
  final OkHttpClient http = new OkHttpClient();
  Database database;
  QueueService service;
  TokenStore tokens;
  ApiServer server;
  String base;
  String admin;
  String ana;
  ChromeDriver chrome;

  @BeforeEach
  void seed() {
    Fleet fleet = new Fleet(ConfigLoader.bundledDefault());
    database = Database.inMemory("dashboard-" + UUID.randomUUID());
    // As serve keeps it: footprints of the runs that end feed the savings view.
    service = KeptService.of(database, fleet, clock);
    tokens = new TokenStore(database.dataSource());
    admin = tokens.create("ops", EnumSet.of(Scope.ADMIN), PAST);
    ana = tokens.create("ana", EnumSet.of(Scope.READ, Scope.SUBMIT), PAST);

    for (String owner : List.of("ana", "ana", "ben")) {
      String name = "nightly-eval-" + service.list(JobFilter.all()).size();
      service.submit(pastJob(owner, name), Optional.empty());
    }
    runUntil(PAST.plus(Duration.ofHours(40)));

    clock.now = NOW;
    for (Workload job : DemoWorkloads.queue(NOW)) {
      if (job.sweep().isEmpty()) {
        service.submit(OwnedNames.keyed(job), Optional.empty());
      }
    }
    service.submit(OwnedNames.keyed(DemoWorkloads.sweep(NOW)), Optional.empty());
    service.planCycle();
    runUntil(NOW.plus(Duration.ofHours(1)));

    server = new ApiServer(service, tokens, () -> {});
    base = "http://127.0.0.1:" + server.start("127.0.0.1", 0);
  }

  @AfterEach
  void stop() {
    if (chrome != null) {
      chrome.quit();
    }
    server.close();
    database.close();
  }

  static Workload pastJob(String owner, String name) {
    return Workload.builder(JobKeys.key(owner, name))
        .owner(owner)
        .image("ghcr.io/lab/eval:1")
        .gpus(4)
        .gpuModels(Set.of("A100"))
        .duration(Duration.ofHours(3))
        .earliestStart(PAST)
        .deadline(PAST.plus(Duration.ofHours(24)))
        .regions(List.of("gcp:europe-west3", "gcp:northamerica-northeast2"))
        .home("gcp:europe-west3")
        .build();
  }

  void runUntil(Instant end) {
    service.planCycle();
    while (clock.now.isBefore(end)) {
      service.dispatchDue();
      service.syncExecutor();
      clock.now = clock.now.plus(Duration.ofMinutes(30));
    }
    service.syncExecutor();
  }

  WebDriverWait waiting() {
    return new WebDriverWait(chrome, Duration.ofSeconds(20));
  }

  void logIn(String token, String view) {
    chrome.get(base + "/?token=" + token);
    waiting().until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#jobs tbody tr")));
    if (!view.equals("queue")) {
      chrome.get(base + "/#/" + view);
    }
  }

  @Test
  void aTokenLinkLogsInWithAStrictHttpOnlyCookieAndLeavesTheAddressBarWithoutTheToken() {
    chrome = Browser.start(1280, 800);
    logIn(admin, "queue");

    assertThat(chrome.getCurrentUrl()).isEqualTo(base + "/");
    Cookie session = chrome.manage().getCookieNamed(DashboardPages.COOKIE);
    assertThat(session.isHttpOnly()).isTrue();
    assertThat(session.getSameSite()).isEqualTo("Strict");
    assertThat(session.isSecure()).isFalse();
    assertThat((String) chrome.executeScript("return document.cookie")).doesNotContain("carbonq");

    // An admin sees every owner's jobs, in the order they were submitted.
    List<QueuedJob> jobs = service.list(JobFilter.all());
    List<WebElement> rows = chrome.findElements(By.cssSelector("#jobs tbody tr"));
    assertThat(rows).hasSize(jobs.size());
    QueuedJob llama = service.get(JobKeys.key("ml-platform", "llama-7b-pretrain")).orElseThrow();
    WebElement row = chrome.findElement(By.cssSelector("#jobs tr[data-job='llama-7b-pretrain']"));
    assertThat(row.getText())
        .contains("ml-platform", "planned", llama.plan().orElseThrow().region())
        .contains(llama.plan().orElseThrow().why());
    assertThat(chrome.findElement(By.id("queue-counts")).getText())
        .isEqualTo("Jobs 1–" + jobs.size() + " of " + jobs.size());
    Browser.screenshot(chrome, "queue");

    chrome.findElement(By.cssSelector("#f-state option[value='running']")).click();
    waiting()
        .until(
            ExpectedConditions.numberOfElementsToBe(
                By.cssSelector("#jobs tbody tr"),
                service.list(JobFilter.all().withStates(EnumSet.of(JobState.RUNNING))).size()));
    assertThat(chrome.getCurrentUrl()).endsWith("#/queue?state=running&order=oldest");
  }

  @Test
  void theQueueShowsAJobSubmittedMeanwhileWithoutAReload() {
    chrome = Browser.start(1280, 800);
    logIn(admin, "queue");
    int before = chrome.findElements(By.cssSelector("#jobs tbody tr")).size();

    service.submit(pastJob("ben", "late-arrival"), Optional.empty());

    new WebDriverWait(chrome, Duration.ofSeconds(15))
        .until(
            ExpectedConditions.numberOfElementsToBe(By.cssSelector("#jobs tbody tr"), before + 1));
    assertThat(chrome.findElement(By.cssSelector("#jobs tr[data-job='late-arrival']")).getText())
        .contains("ben", "queued");
  }

  @Test
  void aLongQueueComesAPageAtATime() {
    for (int i = 0; i < 130; i++) {
      service.submit(pastJob("ben", String.format("bulk-%03d", i)), Optional.empty());
    }
    int queued = service.list(JobFilter.all().withStates(EnumSet.of(JobState.QUEUED))).size();
    chrome = Browser.start(1280, 800);
    logIn(admin, "queue?state=queued");
    waiting().until(ExpectedConditions.textToBe(By.id("queue-counts"), "Jobs 1–100 of " + queued));
    String firstPageLast =
        chrome.findElement(By.cssSelector("#jobs tbody tr:last-child")).getAttribute("data-job");

    chrome.findElement(By.id("page-next")).click();

    waiting()
        .until(
            ExpectedConditions.textToBe(
                By.id("queue-counts"), "Jobs 101–" + queued + " of " + queued));
    List<String> second =
        chrome.findElements(By.cssSelector("#jobs tbody tr")).stream()
            .map(row -> row.getAttribute("data-job"))
            .toList();
    assertThat(second).hasSize(queued - 100).doesNotContain(firstPageLast);
    assertThat(chrome.findElement(By.id("page-next")).isEnabled()).isFalse();
    chrome.findElement(By.id("page-prev")).click();
    waiting().until(ExpectedConditions.textToBe(By.id("queue-counts"), "Jobs 1–100 of " + queued));
  }

  @Test
  void aPageLeftOpenFollowsAnotherLoginInTheBrowserAndSaysWhenItsSessionEnded() {
    chrome = Browser.start(1280, 800);
    logIn(admin, "queue");
    String first = chrome.getWindowHandle();
    chrome.switchTo().newWindow(org.openqa.selenium.WindowType.TAB);
    logIn(ana, "queue");
    chrome.switchTo().window(first);

    new WebDriverWait(chrome, Duration.ofSeconds(15))
        .until(ExpectedConditions.textToBePresentInElementLocated(By.id("who"), "ana"));

    String anasToken = ((TokenStore.Verdict.Accepted) tokens.verify(ana, clock.now)).id();
    tokens.revoke(anasToken, clock.now);
    WebElement ended =
        new WebDriverWait(chrome, Duration.ofSeconds(15))
            .until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("p.error")));
    assertThat(ended.getText()).startsWith("The session ended");
    assertThat(chrome.findElements(By.id("token"))).hasSize(1);
  }

  @Test
  void theLoginPageRefusesAnUnknownTokenAndAnOwnerThenSeesOnlyItsJobs() {
    chrome = Browser.start(1280, 800);
    chrome.get(base + "/");
    chrome.findElement(By.id("token")).sendKeys("cq_not-a-token", Keys.ENTER);

    WebElement error =
        waiting().until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("p.error")));
    assertThat(error.getText()).startsWith("That token is not known to this server.");
    Browser.screenshot(chrome, "login-refused");

    chrome.findElement(By.id("token")).sendKeys(ana, Keys.ENTER);
    waiting().until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#jobs tbody tr")));
    List<String> owners =
        chrome.findElements(By.cssSelector("#jobs tbody tr td:nth-of-type(1)")).stream()
            .map(WebElement::getText)
            .toList();
    assertThat(owners)
        .hasSize(service.list(JobFilter.all().withOwner("ana")).size())
        .containsOnly("ana");
    assertThat(chrome.findElement(By.id("admin-link")).isDisplayed()).isFalse();
  }

  @Test
  void thePlanDrawsEveryPlannedPieceAtItsTimesOnTheAxisAndExplainsItOnHoverAndByKeyboard() {
    chrome = Browser.start(1280, 800);
    logIn(admin, "plan");
    waiting().until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("g.bar.planned")));

    // The axis as drawn: the now line and a tick line, each with its time.
    WebElement nowLine = chrome.findElement(By.cssSelector("line.now"));
    WebElement tick = chrome.findElements(By.cssSelector("line.grid[data-time]")).get(2);
    double nowX = Double.parseDouble(nowLine.getAttribute("x1"));
    Instant tickTime = Instant.parse(tick.getAttribute("data-time"));
    double pixelsPerSecond =
        (Double.parseDouble(tick.getAttribute("x1")) - nowX)
            / Duration.between(clock.now, tickTime).toSeconds();

    List<QueuedJob> planned =
        service.list(JobFilter.all().withStates(EnumSet.of(JobState.PLANNED)));
    assertThat(planned).hasSizeGreaterThan(10);
    for (QueuedJob job : planned) {
      Segment first = job.plan().orElseThrow().pieces().get(0);
      WebElement bar =
          chrome.findElement(
              By.cssSelector(
                  "g.bar.planned[data-job='"
                      + JobKeys.name(job.id())
                      + "'][data-owner='"
                      + job.owner()
                      + "'][data-start='"
                      + first.start()
                      + "']"));
      WebElement rect = bar.findElement(By.tagName("rect"));
      double expectedX =
          nowX + Duration.between(clock.now, first.start()).toSeconds() * pixelsPerSecond;
      double expectedWidth =
          Duration.between(first.start(), first.end()).toSeconds() * pixelsPerSecond;
      assertThat(Double.parseDouble(rect.getAttribute("x")))
          .as(job.id())
          .isCloseTo(expectedX, within(1.0));
      assertThat(Double.parseDouble(rect.getAttribute("width")))
          .as(job.id())
          .isCloseTo(Math.max(2, expectedWidth), within(1.0));
      assertThat(bar.findElement(By.xpath("ancestor::*[@data-pool]")).getAttribute("data-pool"))
          .isEqualTo(job.plan().orElseThrow().pool());
    }
    assertThat(chrome.findElements(By.cssSelector("g.bar.running"))).isNotEmpty();

    QueuedJob llama = service.get(JobKeys.key("ml-platform", "llama-7b-pretrain")).orElseThrow();
    WebElement llamaBar = chrome.findElement(By.cssSelector("g.bar[data-job='llama-7b-pretrain']"));
    new Actions(chrome).moveToElement(llamaBar).perform();
    waiting()
        .until(
            ExpectedConditions.textToBePresentInElementLocated(
                By.id("plan-detail"), llama.plan().orElseThrow().why()));
    Browser.screenshot(chrome, "plan");

    // Tab from the span chooser reaches the bars; Enter opens the job.
    chrome.findElement(By.id("plan-span")).sendKeys(Keys.TAB);
    WebElement focused = chrome.switchTo().activeElement();
    assertThat(focused.getAttribute("class")).startsWith("bar");
    assertThat(focused.getAttribute("aria-label")).startsWith(focused.getAttribute("data-job"));
    String job = focused.getAttribute("data-job");
    focused.sendKeys(Keys.ENTER);
    waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.tagName("h1"), job));
  }

  @Test
  void aJobsPageShowsItsDecisionsAndCancelsItAndAFinishedJobShowsItsFootprint() {
    chrome = Browser.start(1280, 800);
    logIn(admin, "jobs/reward-model?owner=ana");
    waiting()
        .until(
            ExpectedConditions.textToBePresentInElementLocated(By.tagName("h1"), "reward-model"));
    String key = JobKeys.key("ana", "reward-model");
    QueuedJob job = service.get(key).orElseThrow();
    assertThat(chrome.findElement(By.tagName("main")).getText())
        .contains(job.plan().orElseThrow().why(), "planned");
    assertThat(
            chrome.findElements(By.xpath("//table[caption[contains(., 'decisions')]]//tbody/tr")))
        .hasSize(service.decisions(key).size());
    Browser.screenshot(chrome, "job");

    chrome.findElement(By.id("cancel-job")).click();
    chrome.switchTo().alert().accept();
    waiting()
        .until(ExpectedConditions.textToBePresentInElementLocated(By.tagName("h1"), "cancelled"));
    assertThat(service.get(key).orElseThrow().state()).isEqualTo(JobState.CANCELLED);

    chrome.get(base + "/#/jobs/nightly-eval-0?owner=ana");
    waiting()
        .until(
            ExpectedConditions.textToBePresentInElementLocated(By.tagName("h1"), "nightly-eval-0"));
    var footprint = service.footprint(JobKeys.key("ana", "nightly-eval-0")).orElseThrow();
    assertThat(chrome.findElement(By.tagName("main")).getText())
        .contains("Footprint", footprint.region(), "Forecast against what happened");
    assertThat(chrome.findElements(By.id("cancel-job"))).isEmpty();
    WebElement grid = chrome.findElement(By.cssSelector("svg.grid-chart"));
    assertThat(grid.getAttribute("aria-label"))
        .startsWith("Measured intensity in " + footprint.zone())
        .contains("planned on", "met");
    assertThat(grid.findElements(By.cssSelector("path.intensity"))).hasSize(1);
    Browser.screenshot(chrome, "job-finished");
  }

  @Test
  void theSavingsViewAddsUpTheFootprintsOfTheRunsThatEnded() {
    chrome = Browser.start(1280, 800);
    logIn(admin, "savings");
    WebElement card =
        waiting().until(ExpectedConditions.presenceOfElementLocated(By.cssSelector(".card .big")));

    var ended = service.endedSince(clock.now.minus(Duration.ofDays(14)), Optional.empty());
    assertThat(ended).hasSize(3);
    double saved =
        ended.stream()
            .mapToDouble(run -> run.footprint().counterfactualKgCo2e() - run.footprint().kgCo2e())
            .sum();
    assertThat(card.getText()).isEqualTo(kg(saved) + " kgCO2e");
    assertThat(chrome.findElement(By.tagName("main")).getText()).contains("ana", "ben");
    Browser.screenshot(chrome, "savings");
  }

  @Test
  void anAdminMakesAndRevokesATokenFromThePage() throws Exception {
    chrome = Browser.start(1280, 800);
    logIn(admin, "admin");
    waiting().until(ExpectedConditions.presenceOfElementLocated(By.id("token-owner")));
    chrome.findElement(By.id("token-owner")).sendKeys("zoe");
    chrome.findElement(By.xpath("//button[text()='Make token']")).click();
    WebElement made =
        waiting()
            .until(ExpectedConditions.presenceOfElementLocated(By.cssSelector(".token-once code")));
    String token = made.getText();
    assertThat(status(token)).isEqualTo(200);
    Browser.screenshot(chrome, "admin");

    chrome.findElement(By.cssSelector("button[aria-label$='of zoe']")).click();
    chrome.switchTo().alert().accept();
    waiting()
        .until(
            ExpectedConditions.numberOfElementsToBe(
                By.cssSelector("button[aria-label$='of zoe']"), 0));
    assertThat(status(token)).isEqualTo(401);
  }

  @Test
  void onAPhoneInDarkModeTheQueueFitsTheWidthInDarkColours() {
    chrome = Browser.start(800, 900);
    Browser.phone(chrome, 390, 844);
    Browser.preferDark(chrome);
    logIn(ana, "queue");

    Number overflow =
        (Number)
            chrome.executeScript("return document.documentElement.scrollWidth - window.innerWidth");
    assertThat(overflow.intValue()).isLessThanOrEqualTo(0);
    assertThat((Number) chrome.executeScript("return window.innerWidth")).isEqualTo(390L);
    WebElement row = chrome.findElement(By.cssSelector("#jobs tr[data-job='reward-model']"));
    assertThat(row.getSize().getWidth()).isLessThanOrEqualTo(390);
    QueuedJob job = service.get(JobKeys.key("ana", "reward-model")).orElseThrow();
    assertThat((String) chrome.executeScript("return arguments[0].innerText", row))
        .contains("reward-model", job.plan().orElseThrow().why());
    String background =
        (String) chrome.executeScript("return getComputedStyle(document.body).backgroundColor");
    assertThat(background).isEqualTo("rgb(18, 22, 20)");
    Browser.screenshot(chrome, "queue-phone-dark");
  }

  /** As the page writes kilograms: three significant figures or so. */
  static String kg(double value) {
    int decimals = value >= 100 ? 0 : value >= 10 ? 1 : 2;
    return String.format(java.util.Locale.ROOT, "%." + decimals + "f", value);
  }

  /**
   * Every view, light and dark, checked by axe-core (WCAG 2 A and AA rules) where {@code AXE_CORE}
   * names its axe.min.js, as {@code .ci/run} sets it after installing axe-core from npm.
   */
  @Test
  void everyViewPassesAxesWcagChecksInBothColourSchemes() throws Exception {
    String axe = System.getenv("AXE_CORE");
    org.junit.jupiter.api.Assumptions.assumeTrue(
        axe != null && java.nio.file.Files.isRegularFile(Path.of(axe)),
        "AXE_CORE does not name axe.min.js; npm install axe-core to run this");
    String script = java.nio.file.Files.readString(Path.of(axe));
    chrome = Browser.start(1280, 800);
    logIn(admin, "queue");
    Map<String, String> views =
        Map.of(
            "queue", "#jobs tbody tr",
            "plan", "g.bar",
            "jobs/reward-model?owner=ana", "dl.facts",
            "savings", ".card",
            "admin", "#tokens table");
    List<String> violations = new java.util.ArrayList<>();
    for (boolean dark : List.of(false, true)) {
      if (dark) {
        Browser.preferDark(chrome);
      }
      for (var view : new java.util.TreeMap<>(views).entrySet()) {
        chrome.get(base + "/#/" + view.getKey());
        chrome.navigate().refresh();
        waiting()
            .until(ExpectedConditions.presenceOfElementLocated(By.cssSelector(view.getValue())));
        chrome.executeScript(script);
        Object found =
            chrome.executeAsyncScript(
                "const done = arguments[arguments.length - 1];"
                    + "axe.run(document, {runOnly: ['wcag2a', 'wcag2aa']})"
                    + ".then(r => done(r.violations.map(v => v.id + ' (' + v.impact + '): '"
                    + " + v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(', '))))"
                    + ".catch(e => done(['axe failed: ' + e]));");
        for (Object violation : (List<?>) found) {
          violations.add((dark ? "dark " : "light ") + view.getKey() + ": " + violation);
        }
      }
    }
    assertThat(violations).isEmpty();
  }

  int status(String token) throws Exception {
    Request request =
        new Request.Builder()
            .url(base + "/v1/jobs")
            .header("Authorization", "Bearer " + token)
            .build();
    try (Response response = http.newCall(request).execute()) {
      return response.code();
    }
  }
}
