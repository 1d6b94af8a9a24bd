@otr
Feature: OTR create account by CAB Id
  "User's account is created based on the CAB Id": cab-id is a query parameter, any 2xx is
  success, and a second creation is recorded whatever it answers (D-OTR-10). No test mode
  exists: live, an account is created only for the configured cab_id, with
  --include-destructive.

  @OTR-29 @D-OTR-10.1 @D-OTR-10.2
  Scenario: An account is created from a prospect's CAB Id
    Given a prospect's CAB Id that may be written to
    When the account is created from the CAB Id
    Then the answer is a 2xx

  @OTR-25 @D-OTR-12.1
  Scenario: The CabId of a lookup is accepted as cab-id by account creation
    When the known authority is looked up by DOT
    Then the prospect's CabId is not empty
    When the account is created from the prospect's CabId
    Then the answer is a 2xx

  @OTR-29
  Scenario: Creating an account that exists is recorded, whatever the answer
    Given an account was created from a prospect's CAB Id
    When the account is created from the CAB Id
    Then the outcome is recorded without a verdict

  @OTR-30 @D-OTR-08.3
  Scenario: Account creation without a cab-id is refused with 400
    When the account is created without a cab-id
    Then it is refused with 400, only the code being implied

  @OTR-31
  Scenario: Account creation from a CAB Id that does not exist is refused with 404 or 400
    When the account is created from a CAB Id that does not exist
    Then it is refused with 404 or 400
