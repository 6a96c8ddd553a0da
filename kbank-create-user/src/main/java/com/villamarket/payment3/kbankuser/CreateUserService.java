package com.villamarket.payment3.kbankuser;

import com.villamarket.payment3.common.ids.CardToken;
import com.villamarket.payment3.common.ids.OwnerId;
import com.villamarket.payment3.common.invoke.AsyncInvoker;
import com.villamarket.payment3.common.kbank.KBankClient;
import com.villamarket.payment3.common.log.Log;
import com.villamarket.payment3.common.once.OnceOnly;
import com.villamarket.payment3.common.payment.AddCardRequest;
import com.villamarket.payment3.common.payment.PaymentPendingException;
import com.villamarket.payment3.common.payment.SaveCardRequest;
import com.villamarket.payment3.common.persistence.KBankUserMappingRepository;
import com.villamarket.payment3.common.wiring.Components;
import com.villamarket.payment3.common.wiring.Platform;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * kbank-create-user: keeps a customer's card at KBank. A customer KBank knows gets the
 * card added (kbank-add-card); a new one becomes a KBank customer once, even when two first
 * payments arrive together: the creation is a once-only step on the owner's mapping item, completed
 * in the same write as the KBank id.
 *
 * <p>KBank's customer creation takes no idempotency key that we know of, so a run killed after KBank
 * created the customer and before the mapping was written leads the next run (after the step's
 * lease) to create a second one: at least once, documented, and logged when it is noticed.
 */
public final class CreateUserService {

    /** What a call did. */
    public enum Outcome { CREATED, ADD_CARD_INVOKED }


    private final KBankUserMappingRepository mappings;
    private final OnceOnly once;
    private final Supplier<KBankClient> kbank;
    private final Supplier<AsyncInvoker> invoker;
    private final String addCardFunction;
    private final Duration waitForOtherCreation;

    public CreateUserService(KBankUserMappingRepository mappings, OnceOnly once, Supplier<KBankClient> kbank,
            Supplier<AsyncInvoker> invoker, String addCardFunction, Duration waitForOtherCreation) {
        this.mappings = mappings;
        this.once = once;
        this.kbank = kbank;
        this.invoker = invoker;
        this.addCardFunction = addCardFunction;
        this.waitForOtherCreation = waitForOtherCreation;
    }

    public static CreateUserService create(Components c) {
        Platform platform = c.platform();
        return new CreateUserService(c.tables().kbankUserMapping(), platform.once(), platform::kbank, platform::invoker,
                platform.names().kbankAddCardFunction(), Duration.ofSeconds(5));
    }

    /**
     * Handles {@code {"ownerId": …, "token": "tokn_…"}}.
     *
     * @throws RuntimeException when the card could not be kept yet (KBank failed, or another run is still
     *                          creating this customer), for Lambda's retries
     */
    public Outcome process(String rawEvent) {
        SaveCardRequest request = SaveCardRequest.parse(rawEvent);
        OwnerId ownerId = request.ownerId();
        CardToken token = request.token();
        Optional<String> known = mappings.kbankId(ownerId);
        if (known.isPresent()) {
            return addCard(known.get(), token);
        }
        mappings.ensureItem(ownerId);
        OnceOnly.Step creation = mappings.creation(ownerId);
        AtomicReference<String> created = new AtomicReference<>();
        OnceOnly.Claim claim = once.runSetting(creation, OnceOnly.LEASE, KBankUserMappingRepository.notCreated(), () -> {
            created.set(kbank.get().createCustomer(ownerId.value(), token.value()));
            return KBankUserMappingRepository.created(created.get());
        });
        if (claim instanceof OnceOnly.Taken) {
            Log.info("KBank customer created", "ownerId", ownerId, "kbankId", created.get());
            return Outcome.CREATED;
        }
        // Done, or another run is creating this customer right now: add this card to it.
        return addCard(awaitCreation(ownerId), token);
    }

    private String awaitCreation(OwnerId ownerId) {
        long deadline = System.nanoTime() + waitForOtherCreation.toNanos();
        do {
            Optional<String> kbankId = mappings.kbankId(ownerId);
            if (kbankId.isPresent()) {
                return kbankId.get();
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        } while (System.nanoTime() < deadline);
        throw new PaymentPendingException("the KBank customer of owner " + ownerId + " is still being created; retry later");
    }

    private Outcome addCard(String kbankId, CardToken token) {
        invoker.get().invoke(addCardFunction, new AddCardRequest(kbankId, token).toJson());
        return Outcome.ADD_CARD_INVOKED;
    }
}
