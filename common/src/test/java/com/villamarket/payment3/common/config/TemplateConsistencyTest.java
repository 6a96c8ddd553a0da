package com.villamarket.payment3.common.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.villamarket.payment3.testkit.TemplateTables;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;

/** template.yaml and the names the code derives cannot drift apart. */
class TemplateConsistencyTest {

    private static final TemplateTables TEMPLATE = TemplateTables.load();

    @Test
    void everyTemplateTableIsATableTheCodeNames() {
        Names names = new Names("dev");
        Set<String> fromTemplate = TEMPLATE.createTableRequests("dev").stream().map(CreateTableRequest::tableName)
                .collect(Collectors.toCollection(TreeSet::new));
        assertEquals(new TreeSet<>(Set.of(names.qrPaymentRecordTable(), names.qrCallbackRecordTable(),
                names.callbackErrorLogTable(), names.processPaidOrderTable(), names.checkStatusTable(),
                names.cardPaymentRecordTable(), names.creditCardNotifyTable(), names.kbankUserMappingTable(),
                names.kbankOrderTable(), names.qrNotifyTable())),
                fromTemplate);
    }

    @Test
    void theTwoGuessedTableNamesAreOneParameterEachThatReachesTheTableAndEveryFunction() {
        Map<String, String> parameters = Map.of("Branch", "dev", "CreditCardNotifyTableBaseName", "python-cc-notify",
                "KBankUserMappingTableBaseName", "python-user-mapping");
        for (TemplateTables.FunctionDef function : TEMPLATE.functions("dev")) {
            Config config = Config.from(TEMPLATE.configuration(function.logicalId(), parameters).environment());
            assertEquals("python-cc-notify-dev", config.creditCardNotifyTable(), function.logicalId());
            assertEquals("python-user-mapping-dev", config.kbankUserMappingTable(), function.logicalId());
        }
        Config defaults = Config.from(TEMPLATE.configuration("CardCallbackFunction", Map.of("Branch", "dev")).environment());
        Set<String> tables = TEMPLATE.createTableRequests("dev").stream().map(CreateTableRequest::tableName)
                .collect(Collectors.toSet());
        assertEquals(true, tables.contains(defaults.creditCardNotifyTable()) && tables.contains(defaults.kbankUserMappingTable()),
                "the functions' tables are the template's: " + tables);
    }

    @Test
    @SuppressWarnings("unchecked")
    void functionNamesAreTheOnesTheCodeInvokes() {
        Names names = new Names("dev");
        Set<String> fromTemplate = new TreeSet<>();
        TEMPLATE.resources("AWS::Serverless::Function").values().forEach(resource -> {
            Object name = ((Map<String, Object>) resource.get("Properties")).get("FunctionName");
            TemplateTables.Intrinsic sub = (TemplateTables.Intrinsic) name;
            fromTemplate.add(((String) sub.value()).replace("${Branch}", "dev"));
        });
        assertEquals(new TreeSet<>(Set.of(names.qrCallbackFunction(), names.processPaidOrderInternalFunction(),
                names.cardTokenFunction(), names.cardCallbackFunction(), names.processPaidOrderFunction(),
                names.kbankCreateUserFunction(), names.kbankAddCardFunction(), names.reconcileFunction(),
                names.replayFunction(), names.kbankCreateOrderFunction(), names.qrNotifyFunction(),
                names.cardNotifyFunction())), fromTemplate);
    }
}
