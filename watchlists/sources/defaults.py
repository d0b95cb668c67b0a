"""The official sources, as documented defaults an administrator enables.

None of them is fetched until ``screening lists sources enable NAME`` adds it.
The URLs are the publishers' own download addresses as documented by them;
publishers move files now and then, so check a URL when a fetch fails.
OpenSanctions data is free for non-commercial use only: a business needs its
licence before enabling ``opensanctions``.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class DefaultSource:
    name: str
    list_name: str
    format: str
    url: str
    title: str


DEFAULT_SOURCES: tuple[DefaultSource, ...] = (
    DefaultSource(
        "ofac-sdn",
        "ofac-sdn",
        "ofac-csv",
        "https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/exports/SDN.CSV",
        "OFAC Specially Designated Nationals (legacy CSV)",
    ),
    DefaultSource(
        "un-consolidated",
        "un",
        "un-xml",
        "https://scsanctions.un.org/resources/xml/en/consolidated.xml",
        "UN Security Council consolidated list",
    ),
    DefaultSource(
        "uk-ofsi",
        "uk-ofsi",
        "uk-ofsi",
        "https://ofsistorage.blob.core.windows.net/publishlive/2022format/ConList.csv",
        "UK OFSI consolidated list of asset freeze targets",
    ),
    DefaultSource(
        "eu-fsf",
        "eu-fsf",
        "eu-xml",
        "https://webgate.ec.europa.eu/fsd/fsf/public/files/xmlFullSanctionsList_1_1/content"
        "?token=dG9rZW4tMjAxNw",
        "EU consolidated list of financial sanctions",
    ),
    DefaultSource(
        "us-csl",
        "us-csl",
        "us-csl",
        "https://data.trade.gov/downloadable_consolidated_screening_list/v1/consolidated.csv",
        "US Consolidated Screening List (trade.gov)",
    ),
    DefaultSource(
        "opensanctions",
        "opensanctions",
        "ftm",
        "https://data.opensanctions.org/datasets/latest/sanctions/entities.ftm.json",
        "OpenSanctions sanctions collection (FollowTheMoney; licence needed for business use)",
    ),
)

DEFAULTS_BY_NAME = {source.name: source for source in DEFAULT_SOURCES}
