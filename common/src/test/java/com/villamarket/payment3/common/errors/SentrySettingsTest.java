package com.villamarket.payment3.common.errors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.villamarket.payment3.common.config.Config;
import com.villamarket.payment3.common.config.ConfigException;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SentrySettingsTest {

    private static final String DSN = "https://0123456789abcdef@o1.ingest.sentry.io/4500000000000001";

    @Test
    void noDsnMeansNoSentry() {
        assertTrue(SentrySettings.from(Config.from(Map.of("BRANCH", "dev"))).isEmpty());
    }

    @Test
    void theEnvironmentIsTheBranchAndTheReleaseThisBuildsVersion() {
        SentrySettings settings = SentrySettings.from(Config.from(Map.of("BRANCH", "master", "SENTRY_DSN", DSN)))
                .orElseThrow();
        assertEquals("master", settings.environment());
        assertEquals(DSN, settings.dsn());
        assertTrue(settings.release().matches("payment3-java@\\d+\\.\\d+\\.\\d+.*"), settings.release());
        assertEquals(Duration.ofSeconds(1), settings.flushTimeout());
    }

    @Test
    void theFlushTimeoutIsSetInMillisecondsUpToFiveSeconds() {
        assertEquals(Duration.ofMillis(250), Config.from(Map.of("BRANCH", "dev", "SENTRY_FLUSH_TIMEOUT_MS", "250"))
                .sentryFlushTimeout());
        assertThrows(ConfigException.class, () -> Config.from(Map.of("BRANCH", "dev", "SENTRY_FLUSH_TIMEOUT_MS", "30000")));
        assertThrows(ConfigException.class, () -> Config.from(Map.of("BRANCH", "dev", "SENTRY_FLUSH_TIMEOUT_MS", "0")));
        assertThrows(ConfigException.class, () -> Config.from(Map.of("BRANCH", "dev", "SENTRY_FLUSH_TIMEOUT_MS", "1s")));
    }

    @Test
    void aDsnOfTheWrongShapeFailsTheContainersStart() {
        for (String bad : new String[] {"not a url", "https://o1.ingest.sentry.io/1", "https://key@o1.ingest.sentry.io/",
                "ftp://key@host/1"}) {
            Config config = Config.from(Map.of("BRANCH", "dev", "SENTRY_DSN", bad));
            ConfigException e = assertThrows(ConfigException.class, () -> SentrySettings.from(config), bad);
            assertFalse(e.getMessage().contains(bad), "the message does not repeat the value");
        }
    }

    @Test
    void theDsnNeverAppearsInTheSettingsText() {
        SentrySettings settings = SentrySettings.from(Config.from(Map.of("BRANCH", "dev", "SENTRY_DSN", DSN))).orElseThrow();
        assertFalse(settings.toString().contains("0123456789abcdef"));
    }
}
