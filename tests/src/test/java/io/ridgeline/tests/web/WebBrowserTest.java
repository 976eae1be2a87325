package io.ridgeline.tests.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.javalin.Javalin;
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
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
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

    private static Javalin server;
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
        // comparing its rulebase with the house policy added (serve --compare-add-rules examples/rules)
        server = ServedWebApp.startForBrowser(ServedWebApp.comparingApp(Path.of("..", "examples", "rules")));
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
            server.stop();
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
        driver.get("http://" + ServedWebApp.authority(server) + pathAndFragment);
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

    /** Where the screenshots of the layout tests go (a test artefact, beside the test reports). */
    static final Path SCREENSHOTS = Path.of("target", "screenshots");

    private static void screenshot(String name) throws IOException {
        Files.createDirectories(SCREENSHOTS);
        Files.write(SCREENSHOTS.resolve(name + ".png"), ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
    }

    private static Object js(String script, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(script, args);
    }

    /** The page's width beyond the viewport's, px (0: no horizontal overflow). */
    private static long horizontalOverflow() {
        return ((Number) js("return document.documentElement.scrollWidth - window.innerWidth;")).longValue();
    }

    /** Runs body with the browser window at width x height, then puts the window back. */
    private static void atSize(int width, int height, ThrowingRunnable body) throws Exception {
        Dimension before = driver.manage().window().getSize();
        driver.manage().window().setSize(new Dimension(width, height));
        try {
            body.run();
        } finally {
            driver.manage().window().setSize(before);
        }
    }

    @FunctionalInterface
    interface ThrowingRunnable {
        void run() throws Exception;
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
    void theFormTakesItsLimitsAndChoicesFromTheScenarioSchema() {
        open("/");
        WebElement prompt = field("f-workload-prompt-tokens");
        assertThat(prompt.getDomAttribute("min")).isEqualTo("1");
        assertThat(prompt.getDomAttribute("max")).isEqualTo("100000000");
        assertThat(prompt.getDomAttribute("title")).contains("user prompt per request, tokens");
        assertThat(field("f-design-pp").getDomAttribute("min")).isEqualTo("1");
        // a select's values are the schema's; the empty first choice leaves the key out
        assertThat(new Select(field("f-design-pipeline-schedule")).getOptions().stream()
                .map(o -> o.getDomAttribute("value")).toList()).containsExactly("", "1f1b", "zero_bubble", "dualpipe");
        assertThat(new Select(field("f-kind")).getOptions().stream().map(o -> o.getDomAttribute("value")).toList())
                .containsExactly("inference", "training", "rl");
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
        assertThat(ServedWebApp.JSON.readTree(Files.readString(json)).get("status").asText()).isEqualTo("feasible");
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
    void unreadableScenarioTextIsNeverOverwrittenByAField() {
        open("/");
        WebElement text = field("scenario-text");
        String typed = "model: llama-3.1-70b\nworkload: {prompt_tokens: [unclosed\n";
        text.clear();
        text.sendKeys(typed);
        // the text loses focus to the field (its change event), then the field changes
        type("f-workload-output-tokens", "123");
        WebElement refusal = waitUpTo(30).until(d -> {
            WebElement e = d.findElement(By.cssSelector("[data-field='workload.output_tokens'] .field-error"));
            return e.isDisplayed() ? e : null;
        });
        assertThat(refusal.getText()).startsWith("Not applied").contains("kept as you typed it");
        assertThat(field("scenario-text").getDomProperty("value")).isEqualTo(typed);
        assertThat(driver.findElement(By.cssSelector("[data-field='(file)'] .field-error")).isDisplayed()).isTrue();
        // once the text reads again, a field lands in it (and in what the user typed, not in the last good text)
        text = field("scenario-text");
        text.clear();
        text.sendKeys("model: llama-3.1-8b\nworkload: {prompt_tokens: 700, output_tokens: 100, requests_per_s: 1}\n");
        type("f-workload-output-tokens", "222");
        waitUpTo(30).until(d -> field("scenario-text").getDomProperty("value").contains("output_tokens: 222"));
        assertThat(field("scenario-text").getDomProperty("value")).contains("model: llama-3.1-8b", "prompt_tokens: 700");
    }

    @Test
    void duringACallTheOldResultIsDimmedAndAFailureShowsAtTheTopOfTheResult() {
        open(permalinkFor("advise", Scenarios.defaultScenario()));
        awaitResult("advise");
        // hold the next answer back for two seconds, to look at the page while it waits
        js("const f = window.fetch; window.fetch = (...a) => new Promise((r) => setTimeout(() => r(f(...a)), 2000));");
        type("f-design-tp", "3");
        submit("advise");
        WebElement banner = waitUpTo(5).until(ExpectedConditions.visibilityOfElementLocated(By.id("run-banner")));
        assertThat(banner.getText()).startsWith("Running advise").contains("from the previous run");
        assertThat(field("results").getDomAttribute("class")).contains("stale");
        assertThat(((Number) js("return arguments[0].getBoundingClientRect().top;", banner)).doubleValue())
                .isBetween(0.0, 200.0);
        WebElement failure = waitUpTo(60).until(ExpectedConditions.visibilityOfElementLocated(By.id("result-error")));
        assertThat(failure.getText()).startsWith("Advise failed: design.tp:").contains("from an earlier run");
        assertThat(field("run-banner").isDisplayed()).isFalse();
        assertThat(field("results").getDomAttribute("class")).contains("stale");
        // the error is also next to its field
        assertThat(driver.findElement(By.cssSelector("[data-field='design.tp'] .field-error")).isDisplayed()).isTrue();
        type("f-design-tp", "2");
        submit("advise");
        waitUpTo(60).until(d -> !field("result-error").isDisplayed() && !field("run-banner").isDisplayed()
                && !field("results").getDomAttribute("class").contains("stale"));
    }

    @Test
    void theActionsAreAboveTheFoldAt1440x900AndTheFormHasNoScrollPanelOfItsOwn() throws Exception {
        atSize(1440, 900, () -> {
            open("/");
            double bottom = ((Number) js("return document.getElementById('btn-estimate').getBoundingClientRect().bottom;"))
                    .doubleValue();
            long viewport = ((Number) js("return window.innerHeight;")).longValue();
            assertThat(bottom).isLessThan(viewport * 0.5);
            assertThat(js("return getComputedStyle(document.querySelector('.form-panel')).overflowY;")).isEqualTo("visible");
            screenshot("form-1440x900");
            // the actions stay in view when the page is scrolled down the form
            js("window.scrollTo(0, 1200);");
            double top = ((Number) js("return document.getElementById('btn-advise').getBoundingClientRect().top;"))
                    .doubleValue();
            assertThat(top).isBetween(0.0, 100.0);
            open(permalinkFor("advise", Scenarios.defaultScenario()));
            awaitResult("advise");
            screenshot("advice-1440x900");
            assertThat(horizontalOverflow()).isLessThanOrEqualTo(0);
        });
    }

    @Test
    void nothingOverflowsSidewaysAt390px() throws Exception {
        atSize(390, 844, () -> {
            open("/");
            assertThat(horizontalOverflow()).as("the form at 390 px").isLessThanOrEqualTo(0);
            screenshot("form-390");
            open(permalinkFor("advise", Scenarios.defaultScenario()));
            awaitResult("advise");
            assertThat(horizontalOverflow()).as("the advice at 390 px").isLessThanOrEqualTo(0);
            screenshot("advice-390");
            open(permalinkFor("estimate", Scenarios.TRAINING));
            awaitResult("estimate");
            assertThat(horizontalOverflow()).as("a training bill at 390 px").isLessThanOrEqualTo(0);
            open("/rules.html");
            assertThat(horizontalOverflow()).as("the rule catalogue at 390 px").isLessThanOrEqualTo(0);
            screenshot("rules-390");
        });
    }

    @Test
    void theFinalCardSummarisesTheChangesAndSetsEachObjectiveBesideItsFigure() {
        open(permalinkFor("advise", Scenarios.defaultScenario()));
        awaitResult("advise");
        String summary = field("change-summary").getText();
        // the default starts at tp 1 in bf16 (141 GB of weights on an 80 GB GPU): the loop must change the design
        assertThat(summary).startsWith("Changes (").contains(" → ").contains("tp 1 → ");
        WebElement ttft = driver.findElement(By.cssSelector("#final .tile[data-key='ttft_ms'] .bound"));
        assertThat(ttft.getText()).contains("objective ≤ 1,000 ms (p99)");
        assertThat(ttft.getDomAttribute("class")).contains("ok");
        assertThat(driver.findElement(By.cssSelector("#final .tile[data-key='tpot_ms'] .bound")).getText())
                .contains("objective ≤ 50 ms (p99)");
        assertThat(driver.findElement(By.cssSelector("#final .tile[data-key='total_gpus'] dt")).getText())
                .isEqualTo("Peak GPUs");
        assertThat(driver.findElement(By.cssSelector("#final .tile[data-key='cost_per_hour_usd'] dt")).getText())
                .isEqualTo("Mean cost per hour");
        assertThat(field("launch").findElements(By.id("launch-warning"))).isEmpty();
        // a rule id links to its row in the catalogue, and the catalogue scrolls there
        WebElement link = driver.findElement(By.cssSelector(".applied a.rule-link"));
        String id = link.getText();
        assertThat(link.getDomAttribute("href")).isEqualTo("/rules.html#rule-" + id);
        link.click();
        waitUpTo(30).until(d -> "true".equals(d.findElement(By.tagName("body")).getDomAttribute("data-ready")));
        WebElement row = field("rule-" + id);
        assertThat(row.getDomAttribute("class")).contains("targeted");
        double rowTop = ((Number) js("return arguments[0].getBoundingClientRect().top;", row)).doubleValue();
        long viewport = ((Number) js("return window.innerHeight;")).longValue();
        assertThat(rowTop).isBetween(0.0, (double) viewport);
        assertNoBrowserErrors();
    }

    @Test
    void aTrainingRunsDeadlineSitsUnderItsDays() throws IOException {
        open(permalinkFor("estimate", Files.readString(Path.of("..", "examples", "training-70b-64gpu.yaml"))));
        awaitResult("estimate");
        WebElement days = driver.findElement(By.cssSelector("#final .tile[data-key='training_days'] .bound"));
        assertThat(days.getText()).isEqualTo("✓ deadline ≤ 30 days");
        assertNoBrowserErrors();
    }

    @Test
    void theSearchsAlternativesAndItsFrontierAreShownWithTheAdvisedDesignMarked() {
        open(permalinkFor("advise", Scenarios.defaultScenario()));
        awaitResult("advise");
        List<WebElement> rows = driver.findElements(By.cssSelector("#alternatives table.alternatives tbody tr"));
        assertThat(rows.size()).isBetween(2, 10);
        // the default's advice matches the cheapest design the search finds: rank 1 is the advised one
        assertThat(rows.get(0).getDomAttribute("class")).contains("advised");
        assertThat(rows.get(0).getText()).contains("advised", "yes");
        assertThat(driver.findElement(By.cssSelector("#alternatives .hint")).getText())
                .contains("ranked by the objective (cost, cheapest first)");
        assertChartDrawn("chart-pareto");
        assertThat(driver.findElement(By.cssSelector("figure.chart:has(#chart-pareto) figcaption")).getText())
                .contains("designs on the search's Pareto front", "advised: $", "search's best: $");
        assertNoBrowserErrors();
    }

    @Test
    void theObjectiveFieldRanksTheAdviceAndItsAlternativesByLatency() {
        open("/");
        new Select(field("preset")).selectByValue("default");
        new Select(field("f-objective")).selectByValue("latency");
        driver.findElement(By.id("form-title")).click();
        assertThat(field("scenario-text").getDomProperty("value")).contains("objective: latency");
        submit("advise");
        waitUpTo(90).until(d -> d.findElements(By.cssSelector("#alternatives .hint")).stream()
                .anyMatch(h -> h.getText().contains("objective (latency")));
        assertThat(field("search-check").getText()).startsWith("Checked against the search: objective latency");
        List<WebElement> rows = driver.findElements(By.cssSelector("#alternatives table.alternatives tbody tr"));
        assertThat(rows).isNotEmpty();
        // ranked by end-to-end latency among the designs that meet every requirement: the column never falls
        double previous = 0;
        for (WebElement row : rows) {
            if (!row.getText().contains("yes")) {
                break;
            }
            double e2e = Double.parseDouble(row.findElements(By.tagName("td")).get(6).getText()
                    .replaceAll("[^0-9.]", ""));
            assertThat(e2e).isGreaterThanOrEqualTo(previous);
            previous = e2e;
        }
        assertNoBrowserErrors();
    }

    @Test
    void aPretrainingAdviceListsTheSearchsLayoutsByDaysAndDrawsCostAgainstDays() throws IOException {
        open(permalinkFor("advise", Files.readString(Path.of("..", "examples", "training-70b-64gpu.yaml"))));
        awaitResult("advise");
        assertThat(driver.findElements(By.cssSelector("#alternatives thead th")).stream().map(WebElement::getText)
                .toList()).contains("days", "step", "MFU");
        assertThat(driver.findElement(By.cssSelector("#alternatives .hint")).getText())
                .contains("objective (latency, fewest days first)");
        assertChartDrawn("chart-pareto");
        assertThat(driver.findElement(By.cssSelector("figure.chart:has(#chart-pareto) figcaption")).getText())
                .contains(" days; search's best: $");
        assertNoBrowserErrors();
    }

    @Test
    void aReviewerComparesTheServersRulebaseWithTheProposedOneOnTheSameScenario() throws IOException {
        open(permalinkFor("advise", Files.readString(Path.of("..", "examples", "rag-assistant.yaml"))));
        awaitResult("advise");
        WebElement button = field("compare-rulebases");
        assertThat(button.getDomAttribute("title")).contains("built-in rules").contains("examples");
        button.click();
        WebElement card = waitUpTo(90).until(ExpectedConditions.presenceOfElementLocated(By.cssSelector(
                "section#rulebase-diff")));
        assertThat(card.getText()).contains("Rulebase comparison", "Left: built-in rules",
                "Right: built-in rules + ");
        // the house rule fires and vetoes under the proposed rulebase only
        assertThat(field("rulebase-diff-fired-right").getText()).contains("HOUSE-01");
        assertThat(field("rulebase-diff-fired-left").getText()).doesNotContain("HOUSE-01");
        assertThat(field("rulebase-diff-vetoes-right").getText()).contains("speculative_decoding by HOUSE-01");
        js("arguments[0].scrollIntoView();", card);
        screenshot("rulebase-comparison-1400");
        assertNoBrowserErrors();
    }

    @Test
    void aDesignThatDoesNotFitCarriesAWarningOnItsLaunchCommand() {
        // the default's starting design holds 141 GB of bf16 weights on one 80 GB GPU
        open(permalinkFor("audit", Scenarios.defaultScenario()));
        awaitResult("audit");
        WebElement warning = field("launch-warning");
        assertThat(warning.getText()).startsWith("Warning: This design does not fit in memory");
        WebElement ttft = driver.findElement(By.cssSelector("#final .tile[data-key='ttft_ms'] .bound"));
        assertThat(ttft.getDomAttribute("class")).contains("bad");
    }

    @Test
    void theMemoryChartMarksUsableHbmAndTheRooflineTicksAreDecades() {
        open(permalinkFor("advise", Scenarios.defaultScenario()));
        awaitResult("advise");
        assertChartDrawn("chart-memory");
        // the default's design runs on H100 SXM: 80 GB of HBM, 90% usable = 72 GB
        assertThat(driver.findElement(By.cssSelector("figure.chart:has(#chart-memory)")).getDomAttribute("data-usable-gb"))
                .isEqualTo("72");
        Object plugins = js("return window.Chart.getChart(arguments[0]).config.plugins.map(p => p.id);",
                field("chart-memory"));
        assertThat(plugins.toString()).contains("marker-usable");
        @SuppressWarnings("unchecked")
        List<String> ticks = (List<String>) js("const c = window.Chart.getChart(arguments[0]);"
                + "return c.scales.x.ticks.map(t => t.label).filter(l => l !== '');", field("chart-roofline"));
        assertThat(ticks).isNotEmpty().allSatisfy(t -> assertThat(t).matches("1(,000)*|10(,000)*|100(,000)*|0\\.0*1"));
    }

    @Test
    void anRlBillChartsItsStages() {
        open(permalinkFor("estimate", Scenarios.RL));
        awaitResult("estimate");
        assertChartDrawn("chart-stages");
        // the design line says how the GPUs are split between generation and learning
        assertThat(driver.findElement(By.cssSelector("#final .design-line")).getText())
                .containsPattern("placement (colocated|disaggregated)").containsPattern("; actor .*GPUs");
        assertThat(driver.findElement(By.cssSelector("figure.chart:has(#chart-stages) figcaption")).getText())
                .startsWith("Step ").contains("set by the ");
        assertNoBrowserErrors();
    }

    @Test
    void theWhatIfSlidersReauditTheAdvisedDesignLive() {
        open(permalinkFor("advise", Scenarios.defaultScenario()));
        awaitResult("advise");
        assertThat(field("whatif-batch").getDomAttribute("type")).isEqualTo("range");
        assertThat(field("whatif").getText()).contains("flips at 46 sequences: hbm_bandwidth (weight_bound) → tpot_slo");
        // the advised replica runs 21 sequences; at 80 its decode step passes the 50 ms p99 TPOT objective
        setSlider("whatif-batch", 80);
        WebElement verdict = waitUpTo(30).until(d -> {
            List<WebElement> v = d.findElements(By.id("whatif-verdict"));
            return v.isEmpty() ? null : v.get(0);
        });
        assertThat(verdict.getText()).isEqualTo("violates requirements");
        assertThat(field("whatif-binding").getText()).isEqualTo("tpot_slo");
        assertThat(field("whatif-result").getText()).contains("batch per replica 21 → 80");
        // between its two flip points (20: throughput, 46: TPOT) the replica meets every requirement again
        setSlider("whatif-batch", 30);
        waitUpTo(30).until(d -> field("whatif-result").getText().contains("21 → 30")
                && "meets requirements".equals(field("whatif-verdict").getText()));
        setSlider("whatif-batch", 12);
        waitUpTo(30).until(d -> field("whatif-result").getText().contains("21 → 12")
                && "throughput".equals(field("whatif-binding").getText()));
        assertNoBrowserErrors();
    }

    /** Moves a what-if slider to the position of value (the slider's own log scale) and lets it re-audit. */
    private static void setSlider(String id, double value) {
        js("const s = document.getElementById(arguments[0]); const want = arguments[1];"
                + "let best = 0, err = Infinity;"
                + "for (let p = 0; p <= 1000; p++) { s.value = p; s.dispatchEvent(new Event('input'));"
                + "  const v = Number(s.nextElementSibling.textContent.split(' ')[0].replace(/,/g, ''));"
                + "  if (Math.abs(v - want) < err) { err = Math.abs(v - want); best = p; } }"
                + "s.value = best; s.dispatchEvent(new Event('input'));", id, value);
    }

    @Test
    void aPinnedRunIsComparedWithTheNextOne() {
        open(permalinkFor("advise", Scenarios.defaultScenario()));
        awaitResult("advise");
        field("pin-result").click();
        assertThat(field("pinned-note").getText()).startsWith("Pinned for comparison: advise of default-llama-70b-chat");
        type("f-workload-requests-per-s", "8");
        submit("advise");
        WebElement compare = waitUpTo(90).until(ExpectedConditions.visibilityOfElementLocated(By.id("compare")));
        assertThat(compare.getText()).contains("A (pinned): advise of default-llama-70b-chat");
        // four times the load needs more replicas: the design and the fleet's figures differ
        assertThat(field("compare-design").getText()).contains("replicas 1 → ");
        assertThat(compare.findElements(By.cssSelector("#compare-figures tr.changed td")).stream()
                .map(WebElement::getText).toList()).contains("Peak GPUs");
        assertThat(field("compare-only-a").getText()).startsWith("Only in A");
        field("unpin").click();
        assertThat(driver.findElements(By.id("compare"))).isEmpty();
        assertNoBrowserErrors();
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
        int rules = ServedWebApp.json(ServedWebApp.clientOf(server).get("/api/rules")).size();
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
