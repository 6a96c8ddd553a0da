package com.villamarket.payment3.common.errors;

import com.villamarket.payment3.common.config.Config;
import com.villamarket.payment3.common.config.ConfigException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Optional;
import java.util.Properties;

/**
 * Where error reports go in Sentry and how: the DSN, the release (this build's version), the
 * environment (the branch) and how long a request may wait for a report to be taken.
 *
 * <p>Plain values only: holding these loads nothing of the Sentry SDK, which is loaded on the first
 * error ({@link SentryReports}).
 */
public record SentrySettings(String dsn, String release, String environment, Duration flushTimeout) {

    private static final String RELEASE_RESOURCE = "release.properties";

    /**
     * The settings from the configuration; empty when {@code SENTRY_DSN} is not set.
     *
     * @throws ConfigException when the DSN is not of Sentry's shape {@code https://<key>@<host>/<project>}
     */
    public static Optional<SentrySettings> from(Config config) {
        return config.sentryDsn().map(dsn -> {
            checkShape(dsn);
            return new SentrySettings(dsn, thisBuildsRelease(), config.branch(), config.sentryFlushTimeout());
        });
    }

    /** This build's release as Sentry shows it: {@code payment3-java@<Maven project version>}. */
    public static String thisBuildsRelease() {
        Properties properties = new Properties();
        try (InputStream in = SentrySettings.class.getResourceAsStream(RELEASE_RESOURCE)) {
            if (in != null) {
                properties.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return "payment3-java@" + properties.getProperty("version", "unknown");
    }

    @Override
    public String toString() {
        // The DSN's key lets anyone send events to the project: never in a log line.
        return "SentrySettings[release=" + release + ", environment=" + environment + ", flushTimeout=" + flushTimeout + "]";
    }

    private static void checkShape(String dsn) {
        try {
            URI uri = new URI(dsn);
            String path = uri.getPath() == null ? "" : uri.getPath();
            boolean http = "https".equals(uri.getScheme()) || "http".equals(uri.getScheme());
            if (!http || uri.getUserInfo() == null || uri.getHost() == null || path.length() < 2 || path.endsWith("/")) {
                throw new ConfigException("SENTRY_DSN is not a Sentry DSN (https://<key>@<host>/<project>)");
            }
        } catch (URISyntaxException e) {
            throw new ConfigException("SENTRY_DSN is not a Sentry DSN (https://<key>@<host>/<project>)");
        }
    }
}
