@otr
Feature: OTR POST Prospect Verification
  "Sends an email to the client with a 6-digit code verify their email and allow them to setup
  their password": cab-id as for account creation, which it follows (D-OTR-11), the answer
  {email, cabId, verificationId}, and never the code (D-OTR-17). It sends e-mail: live only for
  the configured cab_id, with --include-destructive.

  @OTR-32 @OTR-36 @D-OTR-11.1 @D-OTR-12.1
  Scenario: The answer is email, cabId and verificationId, all strings, spelled as documented
    Given a prospect's CAB Id with its account
    When the verification e-mail is requested for the CAB Id
    Then the answer is a 2xx
    And the verification answer carries email, cabId and verificationId as strings
    And the verification answer's keys are spelled as documented

  @OTR-34 @D-OTR-17.1
  Scenario: The answer never discloses the 6-digit code
    Given a prospect's CAB Id with its account
    When the verification e-mail is requested for the CAB Id
    Then the answer discloses no 6-digit code

  @OTR-35 @D-OTR-11.2
  Scenario: The answer echoes the CAB Id and the prospect's e-mail address
    Given a prospect's CAB Id with its account
    When the verification e-mail is requested for the CAB Id
    Then the verification answer's cabId is the CAB Id and its email the prospect's address

  @OTR-32 @D-OTR-08.3 @D-OTR-08.4
  Scenario Outline: A verification without a cab-id, or for a CAB Id that does not exist, is refused
    When the verification e-mail is requested <case>
    Then it is refused with <codes>, as implied

    Examples:
      | case                             | codes           |
      | without a cab-id                 | 400             |
      | for a CAB Id that does not exist | 404, 204 or 400 |
