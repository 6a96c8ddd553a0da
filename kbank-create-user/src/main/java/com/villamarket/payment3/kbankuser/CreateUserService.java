package com.villamarket.payment3.kbankuser;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.villamarket.payment3.common.invoke.AsyncInvoker;
import com.villamarket.payment3.common.json.Json;
import com.villamarket.payment3.common.kbank.KBankClient;
import com.villamarket.payment3.common.log.Log;
import com.villamarket.payment3.common.persistence.KBankUserMappingRepository;
import com.villamarket.payment3.common.persistence.KBankUserMappingRepository.Mapping;
import com.villamarket.payment3.common.wiring.Components;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * kbank-create-user (seed 002): keeps a customer's card at KBank. A customer KBank knows gets the
 * card added (kbank-add-card); a new one becomes a KBank customer, created once even when two first
 * payments arrive together: the creation is claimed with a conditional write before KBank is called.
 */
public final class CreateUserService {

    /** What a call did. */
    public enum Outcome { CREATED, ADD_CARD_INVOKED }

    private static final Pattern TOKEN = Pattern.compile("tokn_[A-Za-z0-9_]{1,120}");
    private static final Pattern OWNER = Pattern.compile("[A-Za-z0-9_@.:+-]{1,128}");
    /** A claim older than this was left by a run that died: another run may take it over. */
    static final Duration STALE_CLAIM = Duration.ofMinutes(2);

    private final KBankUserMappingRepository mappings;
    private final Supplier<KBankClient> kbank;
    private final AsyncInvoker invoker;
    private final String addCardFunction;
    private final Clock clock;
    private final Duration waitForOtherCreation;

    public CreateUserService(KBankUserMappingRepository mappings, Supplier<KBankClient> kbank, AsyncInvoker invoker,
            String addCardFunction, Clock clock, Duration waitForOtherCreation) {
        this.mappings = mappings;
        this.kbank = kbank;
        this.invoker = invoker;
        this.addCardFunction = addCardFunction;
        this.clock = clock;
        this.waitForOtherCreation = waitForOtherCreation;
    }

    public static CreateUserService create(Components c, AsyncInvoker invoker) {
        return new CreateUserService(c.kbankUserMapping(), c::kbank, invoker, c.names().kbankAddCardFunction(), c.clock(),
                Duration.ofSeconds(5));
    }

    /**
     * Handles {@code {"ownerId": …, "token": "tokn_…"}}.
     *
     * @throws RuntimeException when the card could not be kept yet (KBank failed, or another run is still
     *                          creating this customer), for Lambda's retries
     */
    public Outcome process(String rawEvent) {
        JsonNode payload = Json.parse(rawEvent);
        String ownerId = Json.text(payload, "ownerId");
        String token = Json.text(payload, "token");
        if (ownerId == null || !OWNER.matcher(ownerId).matches()) {
            throw new IllegalArgumentException("ownerId is missing or invalid");
        }
        if (token == null || !TOKEN.matcher(token).matches()) {
            throw new IllegalArgumentException("token is missing or not a KBank card token");
        }
        Optional<Mapping> mapping = mappings.find(ownerId);
        if (mapping.isPresent() && mapping.get().kbankId() != null) {
            return addCard(mapping.get().kbankId(), token);
        }
        String claimId = UUID.randomUUID().toString();
        Instant now = clock.instant();
        if (mappings.claimCreation(ownerId, claimId, now, now.minus(STALE_CLAIM))) {
            String kbankId;
            try {
                kbankId = kbank.get().createCustomer(ownerId, token);
            } catch (RuntimeException e) {
                mappings.releaseClaim(ownerId, claimId);
                throw e;
            }
            mappings.complete(ownerId, claimId, kbankId, clock.instant());
            Log.info("KBank customer created", "ownerId", ownerId, "kbankId", kbankId);
            return Outcome.CREATED;
        }
        // Another run is creating this customer right now: wait for it, then add this card.
        return addCard(awaitCreation(ownerId), token);
    }

    private String awaitCreation(String ownerId) {
        long deadline = System.nanoTime() + waitForOtherCreation.toNanos();
        while (System.nanoTime() < deadline) {
            Optional<String> kbankId = mappings.find(ownerId).map(Mapping::kbankId);
            if (kbankId.isPresent()) {
                return kbankId.get();
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        throw new IllegalStateException("the KBank customer of owner " + ownerId + " is still being created; retry later");
    }

    private Outcome addCard(String kbankId, String token) {
        ObjectNode payload = Json.object();
        payload.put("kbank_customer_id", kbankId);
        payload.put("token", token);
        invoker.invoke(addCardFunction, payload);
        return Outcome.ADD_CARD_INVOKED;
    }
}
