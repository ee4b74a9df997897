package dev.useboth.core.admin;

import static dev.useboth.core.admin.AdminPagesIT.plan;
import static dev.useboth.core.admin.AdminPagesIT.priceOf;
import static dev.useboth.core.admin.AdminPagesIT.tag;
import static org.assertj.core.api.Assertions.assertThat;

import dev.useboth.core.CoreTestDatabase;
import dev.useboth.core.accounts.Role;
import dev.useboth.core.accounts.UserRepository;
import dev.useboth.core.auth.TestUsers;
import dev.useboth.core.auth.TestUsers.TestUser;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.NoSuchElementException;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;

/**
 * The admin in a real browser (Debian's headless Chromium through its own chromedriver; Selenium
 * Manager never downloads anything) against the app on a random port and the real database.
 * Every page visited is saved under {@code target/screenshots/}.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Import(CoreTestDatabase.class)
class AdminBrowserIT {

    static final Path SCREENSHOTS = Path.of("target", "screenshots");

    @LocalServerPort
    int port;

    @Autowired
    TestUsers users;

    @Autowired
    UserRepository userRepository;

    WebDriver browser;
    ChromeDriverService service;
    Path profile;

    @AfterEach
    void closeBrowser() throws IOException {
        if (browser != null) {
            browser.quit();
        }
        if (service != null) {
            service.stop();
        }
        if (profile != null) {
            org.springframework.util.FileSystemUtils.deleteRecursively(profile);
        }
    }

    @Test
    void anAdminSignsInSearchesAUserEditsAPlanAndSeesItsHistory() throws Exception {
        TestUser admin = users.create(Role.ADMIN);
        TestUser customer = users.create();
        String code = tag();
        long planId = plan(code, "Browser " + code, 900, "EUR", "month");
        open(true);

        // Sign in: /admin sends us to /login and back.
        go("/admin");
        assertThat(browser.getCurrentUrl()).contains("/login");
        shot("01-login");
        browser.findElement(By.id("username")).sendKeys(admin.email());
        browser.findElement(By.id("password")).sendKeys(admin.password());
        navigate(browser.findElement(By.cssSelector("form button[type=submit]")));
        assertThat(java.net.URI.create(browser.getCurrentUrl()).getPath()).isEqualTo("/admin");
        assertThat(heading()).isEqualTo("Dashboard");
        shot("02-dashboard");

        // Search a user.
        navigate(browser.findElement(By.linkText("Users")));
        browser.findElement(By.id("q")).sendKeys(customer.email());
        navigate(browser.findElement(By.cssSelector("form.search button")));
        assertThat(browser.findElement(By.id("count")).getText()).isEqualTo("1 user");
        assertThat(browser.findElement(By.cssSelector("tbody th a")).getText()).isEqualTo(customer.email());
        shot("03-user-search");

        // Edit a plan: a validation error shown beside its field, then fixed.
        go("/admin/plans?q=" + code);
        navigate(browser.findElement(By.linkText(code)));
        navigate(browser.findElement(By.linkText("Edit")));
        WebElement price = browser.findElement(By.id("field-priceMinor"));
        price.clear();
        price.sendKeys("nine euros");
        navigate(browser.findElement(By.cssSelector("form.edit button[type=submit]")));
        assertThat(browser.findElement(By.id("field-priceMinor-error")).getText())
                .isEqualTo("Enter an amount like 9.00.");
        assertThat(browser.findElement(By.id("field-priceMinor")).getAttribute("aria-describedby"))
                .isEqualTo("field-priceMinor-error");
        shot("04-plan-validation-error");
        price = browser.findElement(By.id("field-priceMinor"));
        price.clear();
        price.sendKeys("12.00");
        navigate(browser.findElement(By.cssSelector("form.edit button[type=submit]")));
        assertThat(browser.findElement(By.cssSelector(".flash.ok")).getText()).startsWith("Saved plan");
        assertThat(browser.findElement(By.cssSelector("dl.detail")).getText()).contains("€12.00");
        assertThat(priceOf(code)).isEqualTo(1200);
        shot("05-plan-saved");

        // The History page shows the change.
        navigate(browser.findElement(By.cssSelector(".tools a[href$='/history']")));
        String history = browser.findElement(By.cssSelector("table.history")).getText();
        assertThat(history).contains(admin.email(), "Changed", "Price", "€9.00", "€12.00");
        assertThat(browser.getCurrentUrl()).endsWith("/admin/plans/" + planId + "/history");
        shot("06-plan-history");
    }

    @Test
    void anAdminRunsABulkActionBehindAConfirmationEvenWithoutJavaScript() throws Exception {
        TestUser admin = users.create(Role.ADMIN);
        String tag = tag();
        TestUser first = users.create(tag + "-1@example.test", TestUsers.PASSWORD);
        TestUser second = users.create(tag + "-2@example.test", TestUsers.PASSWORD);
        open(false);
        signIn(admin);

        go("/admin/users?q=" + tag);
        assertThat(browser.findElement(By.id("count")).getText()).isEqualTo("2 users");
        // Without JavaScript, "select all" is a link that reloads the page with every box ticked.
        navigate(browser.findElement(By.linkText("Select all on this page")));
        assertThat(browser.findElements(By.cssSelector("input[name=ids]:checked")))
                .hasSize(2);
        shot("07-bulk-selected");
        new Select(browser.findElement(By.id("action"))).selectByVisibleText("Deactivate");
        navigate(browser.findElement(By.cssSelector(".actions button")));

        assertThat(heading()).isEqualTo("Are you sure?");
        assertThat(browser.findElement(By.cssSelector("ul.selected")).getText())
                .contains(first.email(), second.email());
        assertThat(userRepository.findById(first.id()).orElseThrow().isActive()).isTrue();
        shot("08-bulk-confirmation");
        navigate(browser.findElement(By.cssSelector("#content form button[type=submit]")));

        assertThat(browser.findElement(By.cssSelector(".flash.ok")).getText())
                .isEqualTo("Deactivate: done for 2 users.");
        assertThat(userRepository.findById(first.id()).orElseThrow().isActive()).isFalse();
        assertThat(userRepository.findById(second.id()).orElseThrow().isActive())
                .isFalse();
        shot("09-bulk-done");
    }

    @Test
    void aStaffUserIsDeniedADelete() throws Exception {
        TestUser staff = users.create(Role.STAFF);
        String code = tag();
        long planId = plan(code, "Protected " + code, 900, "EUR", "month");
        open(true);
        signIn(staff);

        go("/admin/plans/" + planId);
        assertThat(heading()).isEqualTo("Protected " + code);
        assertThat(browser.findElements(By.linkText("Delete"))).isEmpty();
        assertThat(browser.findElements(By.linkText("Edit"))).hasSize(1);
        shot("10-staff-plan-detail");

        go("/admin/plans/" + planId + "/delete");
        assertThat(heading()).isEqualTo("Not allowed");
        assertThat(browser.findElement(By.id("content")).getText()).contains("You may not delete plans.");
        shot("11-staff-delete-denied");
        assertThat(AdminPagesIT.count(code)).isEqualTo(1);

        // The same pages on a phone: one column, nothing wider than the screen.
        browser.manage().window().setSize(new Dimension(390, 844));
        go("/admin/plans?q=" + code);
        shot("12-staff-plans-on-a-phone");
        // Wide tables scroll inside their own box; the page itself never scrolls sideways.
        Object fits = ((ChromeDriver) browser)
                .executeScript("return document.documentElement.scrollWidth <= window.innerWidth");
        assertThat(fits).isEqualTo(true);
    }

    // ---------------------------------------------------------------- the browser

    private void open(boolean javascript) throws IOException {
        // Never let Selenium Manager look for (or download) a driver: both paths are explicit.
        System.setProperty("webdriver.chrome.driver", "/usr/bin/chromedriver");
        service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File("/usr/bin/chromedriver"))
                .usingAnyFreePort()
                .build();
        profile = Files.createTempDirectory("admin-chromium-");
        ChromeOptions options = new ChromeOptions();
        options.setBinary("/usr/bin/chromium");
        options.addArguments(
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--user-data-dir=" + profile,
                "--window-size=1280,1000",
                "--lang=en-US");
        if (!javascript) {
            options.setExperimentalOption("prefs", Map.of("profile.managed_default_content_settings.javascript", 2));
        }
        browser = new ChromeDriver(service, options);
        browser.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
        browser.manage().timeouts().implicitlyWait(Duration.ofSeconds(2));
    }

    private void signIn(TestUser user) {
        go("/login");
        browser.findElement(By.id("username")).sendKeys(user.email());
        browser.findElement(By.id("password")).sendKeys(user.password());
        navigate(browser.findElement(By.cssSelector("form button[type=submit]")));
    }

    /** Clicks something that loads a new page and waits until it has (sign-in hashes slowly). */
    private void navigate(WebElement element) {
        element.click();
        new WebDriverWait(browser, Duration.ofSeconds(30)).until(driver -> isGone(element));
    }

    /**
     * Whether the element's page has been replaced. Mid-navigation chromedriver may answer "Node with
     * given id does not belong to the document" instead of a stale element: the same fact, which
     * {@link ExpectedConditions#stalenessOf} does not recognise.
     */
    private static boolean isGone(WebElement element) {
        try {
            element.isEnabled();
            return false;
        } catch (StaleElementReferenceException | NoSuchElementException e) {
            return true;
        } catch (WebDriverException e) {
            String message = e.getMessage();
            if (message != null && message.contains("does not belong to the document")) {
                return true;
            }
            throw e;
        }
    }

    private void go(String path) {
        browser.get("http://localhost:" + port + path);
    }

    private String heading() {
        return browser.findElement(By.tagName("h1")).getText();
    }

    private void shot(String name) throws IOException {
        Files.createDirectories(SCREENSHOTS);
        File file = ((ChromeDriver) browser).getScreenshotAs(OutputType.FILE);
        Files.copy(file.toPath(), SCREENSHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
    }
}
