package com.villamarket.payment3.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.villamarket.payment3.testkit.LocalSuite;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.DeleteTableRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;

/**
 * The story's DynamoDB client lets reads through and refuses everything else before it leaves the
 * process, over moto's DynamoDB: a refused write leaves the table as it was.
 */
class ReadOnlyDynamoDbTest {

    private static LocalSuite suite;
    private static DynamoDbClient real;
    private static DynamoDbClient guarded;

    @BeforeAll
    static void start() {
        suite = LocalSuite.start();
        real = suite.dynamoDb();
        guarded = ReadOnlyDynamoDb.over(real);
    }

    @AfterAll
    static void stop() {
        suite.close();
    }

    private static Map<String, AttributeValue> key(String orderId) {
        return Map.of("orderId", AttributeValue.fromS(orderId));
    }

    @Test
    void everyOperationOfTheClientThatIsNotAReadIsRefusedBeforeItIsSent() throws Exception {
        List<String> refused = new ArrayList<>();
        for (Method method : DynamoDbClient.class.getMethods()) {
            if (Modifier.isStatic(method.getModifiers()) || ReadOnlyDynamoDb.READS.contains(method.getName())) {
                continue;
            }
            // No argument at all: the real client would fail on it; the guard refuses by name first.
            InvocationTargetException thrown = assertThrows(InvocationTargetException.class,
                    () -> method.invoke(guarded, new Object[method.getParameterCount()]), method.toString());
            assertInstanceOf(ReadOnlyException.class, thrown.getCause(), method.toString());
            refused.add(method.getName());
        }
        assertTrue(refused.containsAll(List.of("putItem", "updateItem", "deleteItem", "batchWriteItem",
                "transactWriteItems", "executeStatement", "batchExecuteStatement", "executeTransaction", "createTable",
                "deleteTable", "updateTable", "restoreTableFromBackup", "importTable", "transactGetItems")), refused.toString());
    }

    @Test
    void theReadsLetThroughAreReadsOnly() {
        Set<String> writes = Set.of("put", "update", "delete", "batchWrite", "transact", "execute", "create", "restore",
                "import", "export", "tag", "untag", "enable", "disable");
        ReadOnlyDynamoDb.READS.forEach(name -> assertTrue(writes.stream().noneMatch(name::startsWith), name));
    }

    @Test
    void aReadGoesToDynamoDb() {
        real.putItem(PutItemRequest.builder().tableName(suite.orderTable())
                .item(Map.of("orderId", AttributeValue.fromS("ro-read"), "note", AttributeValue.fromS("there"))).build());

        Map<String, AttributeValue> item = guarded.getItem(GetItemRequest.builder().tableName(suite.orderTable())
                .key(key("ro-read")).build()).item();

        assertEquals("there", item.get("note").s());
    }

    @Test
    void aWellFormedWriteIsRefusedNamingItsOperationAndTheTableStaysAsItWas() {
        PutItemRequest put = PutItemRequest.builder().tableName(suite.orderTable()).item(key("ro-write")).build();

        ReadOnlyException refused = assertThrows(ReadOnlyException.class, () -> guarded.putItem(put));
        assertThrows(ReadOnlyException.class,
                () -> guarded.deleteTable(DeleteTableRequest.builder().tableName(suite.orderTable()).build()));

        assertTrue(refused.getMessage().contains("putItem"), refused.getMessage());
        assertFalse(real.getItem(GetItemRequest.builder().tableName(suite.orderTable()).key(key("ro-write")).build()).hasItem());
        assertTrue(real.listTables().tableNames().contains(suite.orderTable()));
    }
}
