package com.villamarket.payment3.common.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import java.util.List;

class ConfigTest {

    @Test
    void missingBranchFailsNamingIt() {
        ConfigException e = assertThrows(ConfigException.class, () -> Config.from(Map.of()));
        assertEquals("missing required setting BRANCH", e.getMessage());
    }

    @Test
    void defaultsAreThePythonStacks() {
        Config config = Config.from(Map.of("BRANCH", "dev"));
        assertEquals("order-table-dev", config.orderTable());
        assertEquals("https://shop.villamarket.com/thankyou", config.thankYouUrl().toString());
        assertEquals("ap-southeast-1", config.region());
        assertEquals("kbank-dev", config.kbankSecretName());
        assertTrue(config.errorEmailTo().isEmpty());
    }

    @Test
    void namesAreDerivedAsThePythonStackDerivesThem() {
        Names names = Config.from(Map.of("BRANCH", "master")).names();
        assertEquals("payment3-qr-payment-record-master", names.qrPaymentRecordTable());
        assertEquals("payment3-qr-callback-record-master", names.qrCallbackRecordTable());
        assertEquals("payment3-callback-error-log-master", names.callbackErrorLogTable());
        assertEquals("payment3-process-paid-order-master", names.processPaidOrderTable());
        assertEquals("payment3-check-status-master", names.checkStatusTable());
        assertEquals("payment3-process-paid-order-internal-master", names.processPaidOrderInternalFunction());
        assertEquals("payment3-qrcallback-master", names.qrCallbackFunction());
        assertEquals("kbank-prod", names.kbankSecret());
    }

    @Test
    void badValuesFailNamingTheSetting() {
        assertTrue(assertThrows(ConfigException.class, () -> Config.from(Map.of("BRANCH", "dev", "THANK_YOU_URL", "javascript:x")))
                .getMessage().startsWith("THANK_YOU_URL"));
        assertTrue(assertThrows(ConfigException.class, () -> Config.from(Map.of("BRANCH", "Dev/../x")))
                .getMessage().startsWith("BRANCH"));
        assertTrue(assertThrows(ConfigException.class, () -> Config.from(Map.of("BRANCH", "dev", "KBANK_READ_TIMEOUT_MS", "60000")))
                .getMessage().startsWith("KBANK_READ_TIMEOUT_MS"));
        assertTrue(assertThrows(ConfigException.class, () -> Config.from(Map.of("BRANCH", "dev", "ERROR_EMAIL_TO", "a@b.c, nope")))
                .getMessage().startsWith("ERROR_EMAIL_TO"));
    }

    @Test
    void thePayFunctionIsANameWithAnOptionalQualifierOfItsOwn() {
        assertEquals(Optional.empty(), Config.from(Map.of("BRANCH", "dev", "FUNCTION_ALIAS", "live")).payFunction());
        assertEquals(Optional.of(new Config.PayFunction("shop-pay", Optional.empty())),
                Config.from(Map.of("BRANCH", "dev", "FUNCTION_ALIAS", "live", "PAY_FUNCTION_NAME", "shop-pay")).payFunction());
        assertEquals(Optional.of(new Config.PayFunction("shop-pay", Optional.of("prod"))), Config.from(Map.of("BRANCH", "dev",
                "PAY_FUNCTION_NAME", "shop-pay", "PAY_FUNCTION_QUALIFIER", "prod")).payFunction());
        assertTrue(assertThrows(ConfigException.class, () -> Config.from(Map.of("BRANCH", "dev",
                "PAY_FUNCTION_NAME", "shop pay"))).getMessage().startsWith("PAY_FUNCTION_NAME"));
        assertTrue(assertThrows(ConfigException.class, () -> Config.from(Map.of("BRANCH", "dev",
                "PAY_FUNCTION_NAME", "shop-pay", "PAY_FUNCTION_QUALIFIER", "$LATEST:x"))).getMessage()
                .startsWith("PAY_FUNCTION_QUALIFIER"));
        assertEquals("PAY_FUNCTION_QUALIFIER is set without PAY_FUNCTION_NAME", assertThrows(ConfigException.class,
                () -> Config.from(Map.of("BRANCH", "dev", "PAY_FUNCTION_QUALIFIER", "prod"))).getMessage());
    }

    @Test
    void theTwoGuessedTableNamesAreOneSettingEach() {
        Config defaults = Config.from(Map.of("BRANCH", "dev"));
        assertEquals("payment3-credit-card-notify-dev", defaults.creditCardNotifyTable());
        assertEquals("payment3-kbank-user-mapping-dev", defaults.kbankUserMappingTable());
        Config set = Config.from(Map.of("BRANCH", "dev", "CREDIT_CARD_NOTIFY_TABLE_NAME", "payment3-creditcard-notify-dev",
                "KBANK_USER_MAPPING_TABLE_NAME", "payment3-kbank-user-dev"));
        assertEquals("payment3-creditcard-notify-dev", set.creditCardNotifyTable());
        assertEquals("payment3-kbank-user-dev", set.kbankUserMappingTable());
        assertEquals(new Names("dev", "order-table-dev", "payment3-creditcard-notify-dev", "payment3-kbank-user-dev"),
                set.names(), "every table's name in Names, the order table's and the set ones too");
        assertEquals("order-table-prod", Config.from(Map.of("BRANCH", "dev", "ORDER_TABLE_NAME", "order-table-prod"))
                .names().orderTable());
        assertTrue(assertThrows(ConfigException.class, () -> Config.from(Map.of("BRANCH", "dev",
                "KBANK_USER_MAPPING_TABLE_NAME", "no spaces allowed"))).getMessage().startsWith("KBANK_USER_MAPPING_TABLE_NAME"));
    }

    @Test
    void everyDurationIsAWholeNumberInItsRangeAndABadOneStopsTheContainerAtStartUp() {
        Config defaults = Config.from(Map.of("BRANCH", "dev"));
        assertEquals(java.time.Duration.ofMillis(3_000), defaults.kbankConnectTimeout());
        assertEquals(java.time.Duration.ofMillis(10_000), defaults.kbankReadTimeout());
        assertEquals(java.time.Duration.ofMinutes(15), defaults.reconcileMinAge());
        assertEquals(java.time.Duration.ofMillis(1_000), defaults.sentryFlushTimeout());
        assertEquals(java.time.Duration.ofMinutes(1440), Config.from(Map.of("BRANCH", "dev", "RECONCILE_MIN_AGE_MINUTES",
                "1440")).reconcileMinAge());
        assertEquals("RECONCILE_MIN_AGE_MINUTES must be between 1 and 1440 minutes", assertThrows(ConfigException.class,
                () -> Config.from(Map.of("BRANCH", "dev", "RECONCILE_MIN_AGE_MINUTES", "0"))).getMessage());
        assertEquals("KBANK_READ_TIMEOUT_MS must be between 1 and 25000 milliseconds (API Gateway stops at 29 s)",
                assertThrows(ConfigException.class, () -> Config.from(Map.of("BRANCH", "dev", "KBANK_READ_TIMEOUT_MS",
                        "25001"))).getMessage());
        assertEquals("SENTRY_FLUSH_TIMEOUT_MS must be a whole number of milliseconds", assertThrows(ConfigException.class,
                () -> Config.from(Map.of("BRANCH", "dev", "SENTRY_FLUSH_TIMEOUT_MS", "1.5"))).getMessage());
        assertEquals(java.time.Duration.ofHours(24), defaults.reconcileAbandonAfter());
        assertEquals(java.time.Duration.ofSeconds(120), defaults.reconcileTimeBudget());
        assertEquals(java.time.Duration.ofHours(2), Config.from(Map.of("BRANCH", "dev", "RECONCILE_ABANDON_AFTER_HOURS",
                "2")).reconcileAbandonAfter());
        assertEquals("RECONCILE_TIME_BUDGET_SECONDS must be between 1 and 240 seconds (the reconcile function stops at"
                + " 300 s)", assertThrows(ConfigException.class, () -> Config.from(Map.of("BRANCH", "dev",
                        "RECONCILE_TIME_BUDGET_SECONDS", "300"))).getMessage());
        assertEquals("RECONCILE_ABANDON_AFTER_HOURS must be a whole number of hours", assertThrows(ConfigException.class,
                () -> Config.from(Map.of("BRANCH", "dev", "RECONCILE_ABANDON_AFTER_HOURS", "1.5"))).getMessage());
    }

    @Test
    void theEnvironmentIsReadOnceAtConstruction() {
        Map<String, String> env = new java.util.HashMap<>(Map.of("BRANCH", "dev", "ERROR_EMAIL_TO", "a@x.example"));
        Config config = Config.from(env);
        env.put("ERROR_EMAIL_TO", "not an address");
        assertEquals(java.util.List.of("a@x.example"), config.errorEmailTo());
        assertThrows(ConfigException.class, () -> Config.from(Map.of("BRANCH", "dev", "NOTIFICATION_EMAIL_TO", "nope")),
                "a bad recipient list stops the container at start-up, not at the first e-mail");
    }

    @Test
    void recipientListsAreCommaSeparated() {
        Config config = Config.from(Map.of("BRANCH", "dev", "ERROR_EMAIL_TO", " a@x.example, b@x.example ,"));
        assertEquals(List.of("a@x.example", "b@x.example"), config.errorEmailTo());
    }
}
