package com.villamarket.payment3.common.wiring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.villamarket.payment3.common.config.Config;
import com.villamarket.payment3.common.config.ConfigException;
import com.villamarket.payment3.common.http.UrlConnectionTransport;
import com.villamarket.payment3.common.invoke.FunctionCaller;
import com.villamarket.payment3.common.testing.InProcessInvoker;
import java.net.URI;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** How a container's parts are built: each on its first use, once; nothing here calls AWS or KBank. */
class ComponentsTest {

    private final AtomicInteger credentialsRead = new AtomicInteger();
    private final AtomicInteger invokersBuilt = new AtomicInteger();
    private final AtomicInteger callersBuilt = new AtomicInteger();

    private Components components() {
        DynamoDbClient unreachable = DynamoDbClient.builder().region(Region.AP_SOUTHEAST_1)
                .endpointOverride(URI.create("http://127.0.0.1:9"))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("none", "none")))
                .httpClient(UrlConnectionHttpClient.create()).build();
        return new Components(new Components.Parts(Config.from(Map.of("BRANCH", "wiring")), Clock.systemUTC(), unreachable,
                (to, subject, text) -> {
                }, () -> {
                    credentialsRead.incrementAndGet();
                    throw new ConfigException("no KBank keys in this test");
                }, new UrlConnectionTransport(), () -> {
                    invokersBuilt.incrementAndGet();
                    return new InProcessInvoker();
                }, Optional.empty(), () -> {
                    callersBuilt.incrementAndGet();
                    return (function, payload) -> new FunctionCaller.Result(false, "{}");
                }));
    }

    @Test
    void everyPaymentCoreIsBuiltWithoutReadingKBanksKeysOrBuildingAnInvoker() {
        Components c = components();

        c.payments().qr();
        c.payments().card();
        c.payments().paidOrders();
        c.platform().errorLogger();

        assertEquals(0, credentialsRead.get(), "KBank's keys are read on the first call to KBank");
        assertEquals(0, invokersBuilt.get());
        assertEquals(0, callersBuilt.get());
    }

    @Test
    void eachPartIsBuiltOnceAndSharedByWhatNeedsIt() {
        Components c = components();

        assertSame(c.tables().orders(), c.tables().orders());
        assertSame(c.tables().cardPaymentRecords(), c.tables().cardPaymentRecords());
        assertSame(c.payments().card(), c.payments().card());
        assertSame(c.platform().errorLogger(), c.platform().errorLogger());
        c.platform().invoker();
        c.platform().invoker();
        assertEquals(1, invokersBuilt.get());
    }

    @Test
    void aMissingKBankKeyIsThrownAtTheFirstCallToKBankAndAskedAgainNextTime() {
        Components c = components();

        assertThrows(ConfigException.class, () -> c.platform().kbank());
        assertThrows(ConfigException.class, () -> c.platform().kbank());
        assertEquals(2, credentialsRead.get(), "a failed read is not kept: the next event asks again");
    }

    @Test
    void theTablesAreNamedForTheBranchAndMastersCardTableIsMasters() {
        Components c = components();

        assertEquals("payment3-card-payment-record-wiring", c.tables().cardPaymentRecords().tableName());
        assertEquals("payment3-card-payment-record-master", c.tables().masterCardPaymentRecords().tableName());
    }
}
