package com.villamarket.payment3.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;

/** The story's DynamoDB client lets reads through and refuses everything else before it leaves the process. */
class ReadOnlyDynamoDbTest {

    @Test
    void everyOperationOfTheClientThatIsNotAReadIsRefusedAndNeverReachesDynamoDb() throws Exception {
        DynamoDbClient real = mock(DynamoDbClient.class);
        DynamoDbClient guarded = ReadOnlyDynamoDb.over(real);
        List<String> refused = new ArrayList<>();
        for (Method method : DynamoDbClient.class.getMethods()) {
            if (Modifier.isStatic(method.getModifiers()) || ReadOnlyDynamoDb.READS.contains(method.getName())) {
                continue;
            }
            InvocationTargetException thrown = assertThrows(InvocationTargetException.class,
                    () -> method.invoke(guarded, new Object[method.getParameterCount()]), method.toString());
            assertInstanceOf(ReadOnlyException.class, thrown.getCause(), method.toString());
            refused.add(method.getName());
        }
        verifyNoInteractions(real);
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
    void aReadGoesToTheRealClient() {
        DynamoDbClient real = mock(DynamoDbClient.class);
        GetItemResponse answer = GetItemResponse.builder().item(Map.of("orderId", AttributeValue.fromS("1"))).build();
        when(real.getItem(any(GetItemRequest.class))).thenReturn(answer);

        GetItemResponse got = ReadOnlyDynamoDb.over(real).getItem(GetItemRequest.builder().tableName("t").build());

        assertEquals(answer, got);
        verify(real).getItem(any(GetItemRequest.class));
    }

    @Test
    void aWriteNamesTheOperationItRefused() {
        DynamoDbClient guarded = ReadOnlyDynamoDb.over(mock(DynamoDbClient.class));

        ReadOnlyException refused = assertThrows(ReadOnlyException.class,
                () -> guarded.putItem(PutItemRequest.builder().tableName("payment3-qr-payment-record-dev").build()));

        assertTrue(refused.getMessage().contains("putItem"), refused.getMessage());
    }
}
