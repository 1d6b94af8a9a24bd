@otr
Feature: OTR onboarding as one story
  Authority lookup by DOT and by MC, a lead, the account from the CAB Id, and the verification
  e-mail: one prospect throughout (D-OTR-12: CabId, cab-id and cabId are one value). The 6-digit
  code appears only in the e-mail, read from the sandbox's outbox.

  @OTR-33 @OTR-25 @D-OTR-12.1
  Scenario: The verification e-mail with a 6-digit code reaches the prospect's address
    When the known authority is looked up by DOT
    And the known authority is looked up by MC
    And the document's example lead is submitted
    And the account is created from the prospect's CabId
    And the verification e-mail is requested for the prospect's CabId
    Then an e-mail with a 6-digit code went to the prospect's address
    And both lookups gave the same CabId, as D-OTR-12 implies
