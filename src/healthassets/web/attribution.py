"""The attribution the bundled data's licences require (data/README.md, data/assets/README.md,
data/geography/README.md, data/ons_local/README.md), shown in every page's footer. Legal wording:
shown as published, in English, whatever the page's language."""

ATTRIBUTIONS = [
    "Contains public sector information licensed under the Open Government Licence v3.0.",
    "Source: Office for Health Improvement and Disparities, Fingertips "
    "(via the FingertipsNext project, MIT).",
    "Source: Office for National Statistics licensed under the Open Government Licence v.3.0. "
    "Contains OS data © Crown copyright and database right 2025.",
    "English Indices of Deprivation 2019 and 2025, Ministry of Housing, Communities and Local Government "
    "(OGL v3.0).",
    "ONS Explore local statistics: © Office for National Statistics and other government departments "
    "(Department for Culture, Media and Sport, Department for Education, Department for Work and Pensions, "
    "Ofcom, Office for Health Improvement and Disparities), Open Government Licence v3.0.",
    "National Survey for Wales: Welsh Government (StatsWales), Open Government Licence v3.0.",
    "Supermarkets per resident: contains GEOLYTIX Supermarket Retail Points data.",
    "Greater Manchester and Trafford open data compiled by Trafford Data Lab (Trafford Council), OGL v3.0.",
    "GP practices: NHS England Organisation Data Service (epraccur), OGL v3.0.",
    "Contains OS data © Crown copyright and database right 2025. Contains Royal Mail data © Royal Mail "
    "copyright and database right 2025. Contains National Statistics data © Crown copyright and database "
    "right 2025.",
    "Uses information from the Care Quality Commission.",
    "Sport England Active Places, OGL v3.0.",
    "© OpenStreetMap contributors, ODbL 1.0.",
    "The /openreferral/ feed follows the Human Services Data Specification UK: an Open Referral UK resource "
    "(https://openreferraluk.org/), and HSDS 3.0 by Open Referral (https://openreferral.org/), CC BY-SA 4.0.",
]
