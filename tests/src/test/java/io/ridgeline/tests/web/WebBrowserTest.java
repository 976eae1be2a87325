package io.ridgeline.tests.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The form and the result page in a real browser (headless Debian chromium): fill, submit, read the trace and the
 * charts; errors next to their fields; permalinks; downloads; markup in data stays text. Skipped where
 * /usr/bin/chromedriver (or /usr/bin/chromium) is absent.
 */
class WebBrowserTest {

    /** Debian's chromium-driver and chromium; the system properties move them (or point at nothing to skip). */
    static final Path CHROMEDRIVER = Path.of(System.getProperty("ridgeline.chromedriver", "/usr/bin/chromedriver"));
    static final Path CHROMIUM = Path.of(System.getProperty("ridgeline.chromium", "/usr/bin/chromium"));

    private static TestServer server;
    private static WebDriver driver;
    private static Path profile;
    private static Path downloads;

    private static boolean browserInstalled() {
        return Files.isExecutable(CHROMEDRIVER) && Files.isExecutable(CHROMIUM);
    }

    @BeforeAll
    static void start() throws IOException {
        if (!browserInstalled()) {
            // said on the console too, not only in the test report: a run without the browser says why at once
            System.out.println("WebBrowserTest: skipped, chromium and chromium-driver are not installed ("
                    + CHROMEDRIVER + ", " + CHROMIUM + "); apt-get install chromium chromium-driver (as .ci/run does)");
            return;
        }
        server = TestServer.start();
        profile = Files.createTempDirectory("ridgeline-chromium-");
        downloads = Files.createTempDirectory("ridgeline-downloads-");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--no-first-run", "--user-data-dir=" + profile,
                "--window-size=1400,1000");
        Map<String, Object> prefs = new HashMap<>();
        prefs.put("download.default_directory", downloads.toString());
        prefs.put("download.prompt_for_download", false);
        options.setExperimentalOption("prefs", prefs);
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        driver = new ChromeDriver(service, options);
    }

    @AfterAll
    static void stop() throws IOException {
        if (driver != null) {
            driver.quit();
        }
        if (server != null) {
            server.close();
        }
        for (Path dir : new Path[] {profile, downloads}) {
            if (dir != null) {
                try (Stream<Path> walk = Files.walk(dir)) {
                    walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                }
            }
        }
    }

    @BeforeEach
    void clearLog() {
        // each test reports itself skipped, so that a run without the browser says how many did not run
        assumeTrue(browserInstalled(), "chromium and chromium-driver are not installed (" + CHROMEDRIVER + ", "
                + CHROMIUM + ")");
        driver.manage().logs().get(LogType.BROWSER);
    }

    private static WebDriverWait waitUpTo(int seconds) {
        return new WebDriverWait(driver, Duration.ofSeconds(seconds));
    }

    private static void open(String pathAndFragment) {
        driver.get("about:blank");
        driver.get(server.base() + pathAndFragment);
        waitUpTo(30).until(d -> "true".equals(d.findElement(By.tagName("body")).getDomAttribute("data-ready")));
    }

    private static WebElement field(String id) {
        return driver.findElement(By.id(id));
    }

    private static void type(String id, String value) {
        WebElement e = field(id);
        e.clear();
        e.sendKeys(value);
        // the field's change event fires when it loses focus
        driver.findElement(By.id("form-title")).click();
    }

    private static void submit(String action) {
        driver.findElement(By.id("btn-" + action)).click();
    }

    private static WebElement awaitResult(String action) {
        return waitUpTo(90).until(ExpectedConditions.presenceOfElementLocated(
                By.cssSelector("#results .result[data-action='" + action + "']")));
    }

    private static String permalinkFor(String action, String scenario) {
        return "/#run=" + action + "&scenario=" + Base64.getUrlEncoder().withoutPadding()
                .encodeToString(scenario.getBytes(StandardCharsets.UTF_8));
    }

    private static void assertNoBrowserErrors() {
        List<LogEntry> severe = driver.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue()).toList();
        assertThat(severe).as("browser console errors").isEmpty();
    }

    private static void assertChartDrawn(String id) {
        WebElement canvas = driver.findElement(By.id(id));
        assertThat(canvas.getTagName()).isEqualTo("canvas");
        assertThat(canvas.getSize().getWidth()).isPositive();
        assertThat(canvas.getSize().getHeight()).isPositive();
        Object drawn = ((JavascriptExecutor) driver).executeScript(
                "return window.Chart && window.Chart.getChart(arguments[0]) !== undefined;", canvas);
        assertThat(drawn).isEqualTo(Boolean.TRUE);
    }

    @Test
    void fillingTheFormAndAdvisingShowsTheFinalDesignTheTraceAndTheCharts() {
        open("/");
        new Select(field("preset")).selectByValue("default");
        type("f-workload-prompt-tokens", "1500");
        type("f-workload-requests-per-s", "1");
        assertThat(field("scenario-text").getDomProperty("value")).contains("prompt_tokens: 1500")
                .contains("requests_per_s: 1\n");
        submit("advise");
        WebElement result = awaitResult("advise");
        assertThat(driver.findElement(By.id("result-status")).getText()).isIn("feasible", "infeasible",
                "iteration cap");
        List<WebElement> iterations = result.findElements(By.cssSelector("article.iteration"));
        assertThat(iterations).hasSizeGreaterThan(1);
        WebElement first = iterations.get(0);
        assertThat(first.findElement(By.cssSelector(".binding-name")).getText()).isNotBlank();
        assertThat(first.findElement(By.cssSelector(".applied .rule-id")).getText()).matches("[A-Z]+-[A-Z$]+-\\d+");
        assertThat(first.findElement(By.cssSelector(".applied .rule-name")).getText()).isNotBlank();
        assertThat(first.findElement(By.cssSelector(".applied .lesson")).getText()).isNotBlank();
        assertThat(first.findElement(By.cssSelector(".applied .before-after")).getText()).contains("→");
        assertThat(first.findElements(By.cssSelector(".vetoed li"))).isNotEmpty();
        assertThat(result.findElements(By.cssSelector("#flip-points"))).hasSize(1);
        // the advice says how it compares with the search of the whole design space
        assertThat(driver.findElement(By.id("search-check")).getText()).startsWith("Checked against the search:");
        // every predicted latency carries its validation error
        assertThat(driver.findElement(By.id("validation-bands")).getText()).startsWith("Validation error")
                .contains("TTFT \u00b1", "TPOT \u00b1", "rows)");
        assertChartDrawn("chart-frontier");
        assertChartDrawn("chart-memory");
        assertChartDrawn("chart-roofline");
        assertNoBrowserErrors();
    }

    @Test
    void theLaunchCommandTogglesBetweenVllmAndSglang() {
        open(permalinkFor("advise", Scenarios.defaultScenario()));
        awaitResult("advise");
        WebElement code = driver.findElement(By.cssSelector("#launch-command code"));
        assertThat(code.getText()).contains("vllm serve");
        driver.findElement(By.cssSelector("#launch button[data-target='sglang']")).click();
        assertThat(code.getText()).contains("sglang.launch_server");
        assertThat(driver.findElement(By.cssSelector("#launch button[data-target='sglang']"))
                .getDomAttribute("aria-pressed")).isEqualTo("true");
    }

    @Test
    void auditShowsTheFindings() {
        open("/");
        submit("audit");
        WebElement result = awaitResult("audit");
        assertThat(driver.findElement(By.id("result-status")).getText()).isEqualTo("violates requirements");
        assertThat(result.findElements(By.cssSelector("#findings tbody tr"))).isNotEmpty();
        assertChartDrawn("chart-memory");
    }

    @Test
    void aTrainingAuditIsDrawnAsTraining() {
        // a pretraining design audited as given: its design line and tiles are training's (dp, ZeRO, micro-batch;
        // step time, MFU, days, cost), not a serving replica's
        open(permalinkFor("audit", Scenarios.TRAINING));
        awaitResult("audit");
        String design = driver.findElement(By.cssSelector("#final .design-line")).getText();
        assertThat(design).contains("dp ", "ZeRO ", "micro-batch ").doesNotContain("replicas", "KV ", "batch max");
        assertThat(driver.findElements(By.cssSelector("#final .tile[data-key]")).stream()
                .map(t -> t.getDomAttribute("data-key")).toList())
                .contains("step_time_s", "mfu", "training_days", "cost_usd");
        assertNoBrowserErrors();
    }

    @Test
    void aTrainingEstimateChartsCommunicationAgainstCompute() {
        open("/");
        new Select(field("f-kind")).selectByValue("training");
        driver.findElement(By.id("form-title")).click();
        assertThat(field("f-workload-seq-len").isDisplayed()).isTrue();
        assertThat(field("f-workload-prompt-tokens").isDisplayed()).isFalse();
        type("f-model", "llama-3.1-8b");
        type("f-workload-seq-len", "4096");
        type("f-design-tp", "2");
        type("f-design-dp", "4");
        assertThat(field("scenario-text").getDomProperty("value")).contains("kind: training").contains("seq_len: 4096");
        submit("estimate");
        awaitResult("estimate");
        assertChartDrawn("chart-communication");
        assertChartDrawn("chart-memory");
        assertNoBrowserErrors();
    }

    @Test
    void anInputErrorShowsNextToItsField() {
        open("/");
        type("f-design-tp", "3");
        submit("advise");
        WebElement error = waitUpTo(60).until(d -> {
            WebElement e = d.findElement(By.cssSelector("[data-field='design.tp'] .field-error"));
            return e.isDisplayed() ? e : null;
        });
        assertThat(error.getText()).startsWith("design.tp:").contains("attention heads");
        assertThat(field("f-design-tp").getDomAttribute("aria-invalid")).isEqualTo("true");
        assertThat(field("form-error").isDisplayed()).isFalse();
    }

    @Test
    void anErrorOnAKeyWithoutAFieldShowsAtTheTopOfTheForm() {
        String bad = Scenarios.defaultScenario().replace("  precision: bf16", "  precision: bf16\n  features: [warp]");
        open(permalinkFor("advise", bad));
        WebElement top = waitUpTo(60).until(ExpectedConditions.visibilityOfElementLocated(By.id("form-error")));
        assertThat(top.getText()).startsWith("design.features");
    }

    @Test
    void aPermalinkReproducesTheRun() {
        open("/");
        type("f-workload-output-tokens", "200");
        submit("advise");
        WebElement result = awaitResult("advise");
        String status = driver.findElement(By.id("result-status")).getText();
        int iterations = result.findElements(By.cssSelector("article.iteration")).size();
        String design = driver.findElement(By.cssSelector("#final .design-line")).getText();
        String link = field("permalink").getDomProperty("value");
        assertThat(link).contains("#run=advise&scenario=");
        driver.get("about:blank");
        driver.get(link);
        WebElement again = awaitResult("advise");
        assertThat(driver.findElement(By.id("result-status")).getText()).isEqualTo(status);
        assertThat(again.findElements(By.cssSelector("article.iteration"))).hasSize(iterations);
        assertThat(driver.findElement(By.cssSelector("#final .design-line")).getText()).isEqualTo(design);
        assertThat(field("f-workload-output-tokens").getDomProperty("value")).isEqualTo("200");
    }

    @Test
    void theTraceDownloadsAsJsonAndMarkdown() throws Exception {
        open(permalinkFor("advise", Scenarios.defaultScenario()));
        awaitResult("advise");
        driver.findElement(By.id("download-json")).click();
        driver.findElement(By.id("download-markdown")).click();
        Path json = downloads.resolve("ridgeline-advise-default-llama-70b-chat.json");
        Path md = downloads.resolve("ridgeline-advise-default-llama-70b-chat.md");
        waitUpTo(30).until(d -> Files.isRegularFile(json) && Files.isRegularFile(md));
        assertThat(TestServer.JSON.readTree(Files.readString(json)).get("status").asText()).isEqualTo("feasible");
        assertThat(Files.readString(md)).startsWith("# Advice: default-llama-70b-chat");
    }

    @Test
    void markupInAModelIdIsShownAsTextAndCreatesNoElement() {
        open(permalinkFor("advise", Scenarios.MARKUP_MODEL));
        awaitResult("advise");
        assertThat(driver.findElement(By.id("final-model")).getText()).isEqualTo(Scenarios.MARKUP_ID);
        assertThat(driver.findElements(By.tagName("img"))).isEmpty();
        assertThat(field("f-model").getDomProperty("value")).isEqualTo(Scenarios.MARKUP_ID + " (inline)");
        assertThat(driver.findElement(By.id("iterations")).getText()).contains(Scenarios.MARKUP_ID);
        assertNoAlert();
    }

    @Test
    void markupInAnErrorMessageIsShownAsText() {
        // without model_type the importer refuses the model, quoting its id in the message
        String bad = Scenarios.MARKUP_MODEL.replace("  model_type: llama\n", "");
        open(permalinkFor("estimate", bad));
        WebElement error = waitUpTo(60).until(d -> {
            WebElement e = d.findElement(By.cssSelector("[data-field='model'] .field-error"));
            return e.isDisplayed() ? e : null;
        });
        assertThat(error.getText()).contains(Scenarios.MARKUP_ID);
        assertThat(driver.findElements(By.tagName("img"))).isEmpty();
        assertNoAlert();
    }

    private static void assertNoAlert() {
        try {
            driver.switchTo().alert();
            throw new AssertionError("an alert opened: markup ran as script");
        } catch (NoAlertPresentException expected) {
            assertThat(expected).isNotNull();
        }
    }

    @Test
    void theConsoleLogIsReadSoThatBrowserErrorsFailTheTests() {
        open("/rules.html");
        ((JavascriptExecutor) driver).executeScript("console.error('ridgeline log probe');");
        List<LogEntry> entries = driver.manage().logs().get(LogType.BROWSER).getAll();
        assertThat(entries).anySatisfy(e -> {
            assertThat(e.getLevel()).isEqualTo(Level.SEVERE);
            assertThat(e.getMessage()).contains("ridgeline log probe");
        });
    }

    @Test
    void theRuleCatalogueListsEveryRuleAndFilters() {
        open("/rules.html");
        int rules = TestServer.json(server.get("/api/rules")).size();
        List<WebElement> rows = driver.findElements(By.cssSelector("#rules-table tbody tr"));
        assertThat(rows).hasSize(rules);
        WebElement first = rows.get(0);
        assertThat(first.findElements(By.tagName("td"))).hasSize(5);
        String id = first.findElement(By.tagName("code")).getText();
        driver.findElement(By.id("rule-filter")).sendKeys(id);
        long shown = driver.findElements(By.cssSelector("#rules-table tbody tr")).stream()
                .filter(WebElement::isDisplayed).count();
        assertThat(shown).isBetween(1L, (long) rules - 1);
        assertThat(driver.findElement(By.id("rule-count")).getText()).contains("of " + rules + " rules");
        assertNoBrowserErrors();
    }
}
