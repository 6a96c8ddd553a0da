package com.villamarket.payment3.common.persistence;

import com.villamarket.payment3.common.ids.OwnerId;
import com.villamarket.payment3.common.once.StepState;

/**
 * An owner's item of the KBank user mapping table.
 *
 * @param ownerId  the shop's owner id (the hash key)
 * @param kbankId  KBank's customer id; null while none exists (or its creation is unfinished)
 * @param creation the once-only creation of the owner's KBank customer
 */
record KBankUserMapping(OwnerId ownerId, String kbankId, StepState creation) {

    /** Builds a mapping as the table's schema reads it; a creation never claimed is {@link StepState#NONE}. */
    static final class Builder {
        private OwnerId ownerId;
        private String kbankId;
        private StepState creation = StepState.NONE;

        void ownerId(OwnerId value) {
            ownerId = value;
        }

        void kbankId(String value) {
            kbankId = value;
        }

        void creation(StepState value) {
            creation = value;
        }

        KBankUserMapping build() {
            return new KBankUserMapping(ownerId, kbankId, creation);
        }
    }
}
