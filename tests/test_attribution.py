"""Attribution on sentences written for these tests: one test per phrasing the engine must read."""

from __future__ import annotations

import claimledger


def claims_of(text: str, **kw):
    return claimledger.extract(text, **kw).claims


def only(text: str, **kw):
    found = [c for c in claims_of(text, **kw) if c.kind == "statement" and c.source is not None]
    assert len(found) == 1, [(c.source and c.source.name, c.text) for c in found]
    return found[0]


def test_cue_after_curly_quote():
    c = only("“We will rebuild every bridge in the valley,” Mayor Anna Lindqvist said on Monday.")
    assert c.direct and c.text == "We will rebuild every bridge in the valley"
    assert c.source.name == "Anna Lindqvist" and c.cue == "said"


def test_cue_before_straight_quote():
    c = only('Gerald Moss stated, "The convoy never reached the border crossing."')
    assert c.direct and c.source.name == "Gerald Moss"
    assert c.text.startswith("The convoy never reached")


def test_inverted_cue_after_quote():
    c = only("“The shelling lasted for most of the night,” said Tomas Varga, a local council member.")
    assert c.source.name == "Tomas Varga" and c.direct


def test_split_quote_second_half_belongs_to_the_same_speaker():
    text = "“We saw the trucks leave at dawn,” Lina Osei said. “Nobody has come back since then.”"
    found = [c for c in claims_of(text) if c.direct]
    assert [c.source.name for c in found] == ["Lina Osei", "Lina Osei"]
    assert found[1].source.start is None  # not named at the follow-on quote


def test_quote_over_several_paragraphs():
    text = ("Petra Koval described the night in detail.\n"
            "“The first blast woke the whole street and the windows shattered.\n"
            "“By morning, the school had been turned into a shelter,” Koval said.")
    found = [c for c in claims_of(text) if c.direct]
    assert len(found) == 2
    assert all(c.source.name == "Petra Koval" for c in found)


def test_speaker_on_its_own_line_after_a_dash():
    text = "“Access for aid convoys remains the priority for this week.” — Commissioner Ruth Adebayo"
    c = only(text)
    assert c.source.name == "Ruth Adebayo" and c.direct


def test_reported_speech_with_that_clause():
    c = only("The health minister, Omar Haddad, said that 14 clinics had closed in the north.")
    assert c.source.name == "Omar Haddad" and not c.direct
    assert c.text.startswith("14 clinics had closed")
    assert [f.value for f in c.figures] == [14]


def test_reported_speech_told_reporters():
    c = only("Colonel Ivan Petrenko told reporters the bridge had been destroyed.")
    assert c.cue == "told reporters" and c.source.name == "Ivan Petrenko"


def test_reported_speech_warned_and_estimated():
    c = only("Aid agencies warned that food stocks would run out within a month.")
    assert c.cue == "warned" and c.source.type in {"organization", "anonymous"}
    c = only("The regional governor estimated that 2,000 homes were without power.")
    assert c.cue == "estimated" and c.figures and c.figures[0].value == 2000


def test_urged_and_described_as():
    c = only("Mira Santos urged donors to send tents before the winter.")
    assert c.cue == "urged" and c.text.startswith("donors to send tents")
    c = only("Mira Santos described the camp as overcrowded and unsafe.")
    assert c.cue == "described" and c.text == "the camp as overcrowded and unsafe"


def test_according_to():
    c = only("According to the Red Cross, at least 40 civilians were killed in the attack.")
    assert c.cue == "According to" and c.source.name == "Red Cross"
    assert c.text.startswith("at least 40 civilians")
    f = c.figures[0]
    assert (f.bound, f.low, f.measure) == ("ge", 40, "killed")


def test_possessive_estimate():
    c = only("By the ministry's count, 300 people have been detained since the protests began.")
    assert c.source.name.startswith("ministry") and c.figures[0].measure == "detained"


def test_nested_attribution_belongs_to_the_innermost_speaker():
    found = [c for c in claims_of("The strikes killed 12 people, officials said, Reuters reported.")
             if c.source is not None]
    assert len(found) == 1
    assert found[0].source.name == "officials" and found[0].source.type == "anonymous"


def test_hedged_reports_without_a_named_source():
    text = "Reports of mass arrests in the eastern district could not be verified."
    c = only(text)
    assert c.hedged and c.source.type == "anonymous" and c.cue == "Reports of"


def test_allegedly_marks_a_claim_as_hedged():
    c = only("Police said the driver had allegedly fired at the checkpoint.")
    assert c.hedged


def test_pronoun_resolves_to_the_last_person():
    text = ("Defence Minister Katrin Holm visited the front on Tuesday. "
            "She said that 600 soldiers had been rotated out of the line.")
    c = only(text)
    assert c.source.name == "Katrin Holm" and c.source.mention == "She"
    assert c.source.role is not None and "Minister" in c.source.role


def test_short_name_and_spelling_variant_resolve_to_the_full_name():
    text = ("President Volodymyr Zelenskyy spoke in Kyiv. "
            "Zelensky said that the talks would resume. Zelenskiy added that prisoners would be exchanged.")
    names = {c.source.name for c in claims_of(text) if c.source is not None}
    assert names == {"Volodymyr Zelenskyy"}


def test_role_and_affiliation_from_apposition():
    c = only("Ana Ruiz, a spokesperson for the World Food Programme, said that 80 trucks were waiting.")
    assert c.source.role == "spokesperson" and c.source.affiliation == "World Food Programme"


def test_role_and_affiliation_from_title():
    c = only("Ukrainian President Volodymyr Zelenskyy said that the front had held.")
    assert (c.source.role, c.source.affiliation) == ("President", "Ukraine")


def test_unattributed_figure_is_the_articles_own_claim():
    found = claims_of("The flooding destroyed 120 homes in the valley.")
    assert len(found) == 1 and found[0].source is None and found[0].figures[0].value == 120


def test_heading_is_not_a_claim_and_does_not_fuse():
    text = "Casualties Rise in the North\nOfficials said that 25 people were wounded on Sunday."
    found = claims_of(text)
    assert len(found) == 1 and found[0].text.startswith("25 people")


def test_bullets_are_separate_claims():
    text = "The report listed:\n- 40 schools damaged\n- 12 hospitals closed\n"
    found = claims_of(text)
    assert [c.text for c in found] == ["40 schools damaged", "12 hospitals closed"]


def test_transcript_speaker_labels():
    text = ("The senator spoke to the host on Sunday.\n"
            "HOLLIS: Why did the convoy stop?\n"
            "MARSH: Because the bridge at Kell had been shelled twice that morning.")
    found = claims_of(text)
    assert [(c.source.name, c.cue) for c in found] == [("HOLLIS", ":"), ("MARSH", ":")]
    assert found[1].text.startswith("Because the bridge")


def test_bullets_after_a_colon_belong_to_the_speaker():
    text = "The observer mission said it had recorded:\n- 17 strikes on homes\n- two damaged clinics\n"
    bullets = [c for c in claims_of(text) if c.figures]
    assert [c.source.name for c in bullets] == ["observer mission", "observer mission"]
    assert all(c.source.start is None for c in bullets)


def test_figures_joined_by_and_stay_in_one_report():
    c = only("At least 40 civilians were killed and more than 120 wounded on Tuesday, the health office said.")
    assert [(f.bound, f.measure) for f in c.figures] == [("ge", "killed"), ("gt", "wounded")]


def test_dateline_is_not_part_of_the_claim():
    c = only("ORLEVO, Marenia — At least 40 people were killed, according to the health ministry.")
    assert c.text.startswith("At least 40") and c.source.name == "health ministry"


def test_name_as_object_is_what_is_said_unless_the_verb_tells():
    c = only("The teachers' union endorsed Maria Lopez for governor on Monday.")
    assert c.cue == "endorsed" and c.text == "Maria Lopez for governor"
    c = only("Councillor Ames endorsed Baker.")
    assert c.text == "Baker"
    c = only("Colonel Dana Frey told Petrov that the convoy had turned back.")
    assert c.text == "the convoy had turned back"


def test_judgement_verbs_take_their_reason():
    c = only("The mayor accused the contractor of hiding the cost overruns.")
    assert c.cue == "accused" and c.text == "the contractor of hiding the cost overruns"
    c = only("Senator Okafor criticized the agency for ignoring the flood warnings.")
    assert c.text == "the agency for ignoring the flood warnings"
    c = only("Councillor Ames denounced the land deal as a giveaway to developers.")
    assert c.cue == "denounced" and c.text == "the land deal as a giveaway to developers"


def test_calls_and_promises_take_what_is_asked_or_promised():
    c = only("The senator called for both sides to return to the talks.")
    assert c.text == "both sides to return to the talks"
    c = only("The candidate vowed to cut property taxes within a year.")
    assert c.cue == "vowed" and c.text == "to cut property taxes within a year"
    c = only("Mayor Ortiz told his staff to prepare for an early vote.")
    assert c.cue == "told" and c.text == "his staff to prepare for an early vote"


def test_said_as_he_left_is_not_content():
    found = [c for c in claims_of("The delegate said nothing as he left the hall.") if c.source is not None]
    assert all("left the hall" not in c.text for c in found)


def test_verbs_with_their_own_preposition():
    c = only("The minister talked about the drought relief plan at length.")
    assert c.cue == "talked" and c.text == "the drought relief plan"
    c = only("Residents complained about the noise from the new depot.")
    assert c.text == "the noise from the new depot"


def test_speech_noun_with_its_owner():
    c = only("The governor's claim that the reservoir was full turned out to be wrong.")
    assert c.cue == "claim" and c.source.name.lower().endswith("governor")
    assert c.text == "the reservoir was full"
    c = only("Lena Park's call for an independent audit drew support.")
    assert c.cue == "call for" and c.text == "an independent audit"


def test_speech_noun_without_owner_is_not_attributed():
    assert not [c for c in claims_of("The claim that the reservoir was full proved wrong.") if c.source is not None]


def test_headline_label_in_title_case():
    text = "Governor Hale: Flood Barriers Will Be Ready By Spring\n\nThe barriers are being built along the river."
    c = only(text)
    assert c.cue == ":" and c.source.name.endswith("Hale") and c.text.startswith("Flood Barriers")


def test_editorial_labels_and_table_rows_are_not_speakers():
    text = "Update: The bridge reopened this morning after repairs.\n\nNorth district: 1,204.\n"
    assert not [c for c in claims_of(text) if c.cue == ":"]


def test_a_report_of_a_report_keeps_both_speakers():
    text = "The auditor noted that the ministry had announced that 30 schools would close."
    found = sorted((c.source.name, c.text) for c in claims_of(text) if c.source is not None)
    assert [name for name, _ in found] == ["auditor", "ministry"]
    assert any(t.startswith("the ministry had announced") for _, t in found)


def test_that_clause_hung_on_the_listener():
    c = only("In Lisbon, she told a meeting of river authority staff that the dam inspections would resume.")
    assert c.text == "the dam inspections would resume"


def test_passive_with_an_agent():
    c = only("The closure of the northern depot was first reported by the Valley Courier.")
    assert c.cue == "reported" and c.text == "The closure of the northern depot"
    assert "Valley Courier" in c.source.name


def test_a_poll_shows_a_named_candidate():
    c = only("The latest county poll shows Hartman with a narrow lead.")
    assert c.cue == "shows" and c.text.startswith("Hartman with a narrow lead")


def test_according_to_inside_the_clause():
    c = only("Most residents, according to the council survey, still oppose the new tower.")
    assert c.cue == "According to" or c.cue == "according to"
    assert c.text.startswith("Most residents") and c.text.endswith("oppose the new tower")
    c = only("The firm earned about $60 million last year, according to public filings, a record for the region.")
    assert c.text == "The firm earned about $60 million last year"


def test_empty_objects_and_finding_oneself_report_nothing():
    assert not [c for c in claims_of("The minister has said little about the plan in recent months.") if c.source is not None]
    assert not [c for c in claims_of("The mayor found herself in a difficult position.") if c.source is not None]
    c = only("The inspectors found that two of the pumps had failed.")
    assert c.text == "two of the pumps had failed"


def test_a_place_label_heads_a_list():
    text = "Ohio: Dana Cole, Rick Moss, Ana Bell and Tom Reyes.\n"
    assert not [c for c in claims_of(text) if c.cue == ":"]


def test_that_clause_hung_on_the_occasion():
    c = only("The harbour master said in a statement that the port would reopen on Friday.")
    assert c.cue == "said" and c.text == "the port would reopen on Friday"


def test_attacks_on_places_and_things_are_not_statements():
    text = ("Government forces attacked the town of Vell overnight. Protesters attacked a police station. "
            "The delegates slammed the door on talks. The senator attacked the governor over the budget. "
            "The mayor slammed the plan as reckless.")
    said = [(c.source.name, c.text) for c in claimledger.extract(text).claims if c.source is not None]
    assert said == [("senator", "the governor over the budget"), ("mayor", "the plan as reckless")]


def test_the_writers_description_of_what_is_condemned_is_not_the_speakers_figure():
    text = "The envoy condemned the strike that killed 40 civilians. Officials accused the rebels of killing 30 soldiers."
    claims = claimledger.extract(text).claims
    by_text = {c.text: c for c in claims}
    assert by_text["the strike that killed 40 civilians"].figures == []
    writers = by_text["that killed 40 civilians"]
    assert writers.source is None and [f.value for f in writers.figures] == [40]
    # what a speaker accuses someone of is the speaker's claim, figure included
    assert [f.value for f in by_text["the rebels of killing 30 soldiers"].figures] == [30]


def test_things_that_threaten_are_not_sources():
    text = "The storm threatened 2,000 homes along the coast. The rebels threatened to kill 20 hostages."
    said = [(c.source.name if c.source else None, c.text) for c in claimledger.extract(text).claims]
    assert said == [(None, "The storm threatened 2,000 homes along the coast"), ("rebels", "to kill 20 hostages")]


def test_object_of_the_verb_above_speaks_and_found_scenes_are_not_reports():
    text = ("The attack happened on Saturday, prompting police to warn the public that the suspect is armed. "
            "Officers found a 50-year-old woman suffering from stab wounds.")
    said = [(c.source.name if c.source else None, c.cue) for c in claimledger.extract(text).claims]
    assert ("police", "warn") in said
    assert all(cue != "found" for _, cue in said)
