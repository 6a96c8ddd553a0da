package com.villamarket.payment3.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/** moto's DynamoDB as the tests run it: on loopback only, and one conditional write of an item wins a race. */
class MotoDynamoDbTest {

    private static final int WRITERS = 16;
    private static final int ROUNDS = 150;

    /** An address of this machine that is not loopback, if it has one. */
    private static Optional<InetAddress> networkAddress() throws SocketException {
        for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            if (nic.isUp() && !nic.isLoopback()) {
                for (InetAddress address : Collections.list(nic.getInetAddresses())) {
                    if (address instanceof Inet4Address) {
                        return Optional.of(address);
                    }
                }
            }
        }
        return Optional.empty();
    }

    @Test
    void itAnswersOnLoopbackAndNotOnTheMachinesNetworkAddress() throws IOException {
        Optional<InetAddress> network = networkAddress();
        assumeTrue(network.isPresent(), "this machine has no network address besides loopback");
        int port = MotoDynamoDb.shared().endpoint().getPort();
        try (Socket loopback = new Socket()) {
            loopback.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 2000);
            assertTrue(loopback.isConnected());
        }
        assertThrows(IOException.class, () -> {
            try (Socket outside = new Socket()) {
                outside.connect(new InetSocketAddress(network.get(), port), 2000);
            }
        }, "moto's DynamoDB must not listen on " + network.get());
    }

    /**
     * Guards the serializing front: moto's threaded server alone let two of 16 writers of one conditional put
     * both win (3 races in 150). Each writer has its own client, so the writes arrive on separate connections.
     */
    @Test
    void exactlyOneOfSixteenConditionalPutsOfOneItemWinsEveryRound() throws Exception {
        DynamoDbClient admin = MotoDynamoDb.shared().client();
        String table = "race-" + ProcessHandle.current().pid();
        admin.createTable(b -> b.tableName(table)
                .keySchema(KeySchemaElement.builder().attributeName("id").keyType(KeyType.HASH).build())
                .attributeDefinitions(AttributeDefinition.builder().attributeName("id").attributeType(ScalarAttributeType.S).build())
                .billingMode(BillingMode.PAY_PER_REQUEST));
        List<DynamoDbClient> clients = new ArrayList<>();
        for (int w = 0; w < WRITERS; w++) {
            clients.add(MotoDynamoDb.client(MotoDynamoDb.shared().endpoint(), MotoDynamoDb.ADMIN_ACCESS_KEY));
        }
        ExecutorService pool = Executors.newFixedThreadPool(WRITERS);
        try {
            for (int round = 0; round < ROUNDS; round++) {
                String id = "item-" + round;
                CountDownLatch go = new CountDownLatch(1);
                List<Future<Boolean>> outcomes = new ArrayList<>();
                for (int w = 0; w < WRITERS; w++) {
                    DynamoDbClient client = clients.get(w);
                    String writer = Integer.toString(w);
                    outcomes.add(pool.submit(() -> {
                        go.await();
                        try {
                            client.putItem(b -> b.tableName(table)
                                    .item(Map.of("id", AttributeValue.fromS(id), "writer", AttributeValue.fromS(writer)))
                                    .conditionExpression("attribute_not_exists(id)")
                                    .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD));
                            return true;
                        } catch (ConditionalCheckFailedException e) {
                            assertTrue(e.hasItem(), "a lost race hands back the winner's item");
                            return false;
                        }
                    }));
                }
                go.countDown();
                int winners = 0;
                for (Future<Boolean> outcome : outcomes) {
                    winners += outcome.get() ? 1 : 0;
                }
                assertEquals(1, winners, "winners of round " + round);
            }
        } finally {
            pool.shutdownNow();
            clients.forEach(DynamoDbClient::close);
        }
    }
}
