package synth

import "strings"

// Clinical and administrative code tables. Codes are real public codes
// (ICD-10-CM, ICD-10-PCS, CPT/HCPCS, NDC, NUBC revenue centers, CMS
// specialty and place-of-service codes); their combination is random.

var icd10cm = []string{
	"E11.9", "E11.65", "E11.69", "I10", "I50.9", "I50.22", "J44.1", "J44.9", "N18.30", "E78.5",
	"M17.11", "M17.12", "F32.9", "Z79.4", "I25.10", "J18.9", "N39.0", "G30.9", "I48.91", "E66.9",
	"K21.9", "M54.50", "R26.81", "Z95.1", "S72.001A", "I63.9", "C50.911", "C61", "J45.909", "D64.9",
	"E03.9", "F03.90", "H25.9", "H40.9", "L89.152", "N40.0", "R05.9", "R53.83", "Z00.00", "Z12.31",
	"Z23", "M81.0", "I70.0", "E87.1", "A41.9", "J96.01", "N17.9", "I21.4", "K57.30", "M19.90",
	"G47.33", "Z87.891", "F17.210", "W19.XXXA", "Z63.1", "V97.33", "W30.3XXA", "E11.22", "I12.9", "Z96.651",
}

var icd10pcs = []string{
	"0SR90J9", "0SRC0J9", "02703ZZ", "5A1955Z", "0DTJ4ZZ", "30233N1", "0FT44ZZ", "5A09357",
	"3E033VJ", "0JH60DZ", "B2111ZZ", "4A023N6", "0SRB0J9", "027034Z", "0W9G3ZZ", "5A1D70Z",
}

type hcpcs struct{ code, system string }

const (
	sysCPT   = "http://www.ama-assn.org/go/cpt"
	sysHCPCS = "https://www.cms.gov/Medicare/Coding/HCPCSReleaseCodeSets"
	sysNDC   = "http://hl7.org/fhir/sid/ndc"
)

var profCodes = []hcpcs{
	{"99213", sysCPT}, {"99214", sysCPT}, {"99215", sysCPT}, {"99203", sysCPT}, {"99232", sysCPT},
	{"99233", sysCPT}, {"93000", sysCPT}, {"80053", sysCPT}, {"85025", sysCPT}, {"36415", sysCPT},
	{"71046", sysCPT}, {"74177", sysCPT}, {"77067", sysCPT}, {"97110", sysCPT}, {"97140", sysCPT},
	{"20610", sysCPT}, {"45378", sysCPT}, {"66984", sysCPT}, {"G0439", sysHCPCS}, {"G0008", sysHCPCS},
	{"J1100", sysHCPCS}, {"J3301", sysHCPCS}, {"81002", sysCPT}, {"83036", sysCPT}, {"93306", sysCPT},
	{"99285", sysCPT}, {"99284", sysCPT}, {"90662", sysCPT}, {"92014", sysCPT}, {"11721", sysCPT},
	{"99453", sysCPT}, {"J2270", sysHCPCS},
}

var dmeCodes = []hcpcs{
	{"E0601", sysHCPCS}, {"E1390", sysHCPCS}, {"K0001", sysHCPCS}, {"E0260", sysHCPCS}, {"A4253", sysHCPCS},
	{"A7030", sysHCPCS}, {"L3908", sysHCPCS}, {"E0114", sysHCPCS}, {"A4259", sysHCPCS}, {"E0143", sysHCPCS},
	{"B4035", sysHCPCS}, {"A4595", sysHCPCS}, {"E0431", sysHCPCS}, {"K0823", sysHCPCS}, {"A7037", sysHCPCS},
}

var modifiers = []hcpcs{
	{"25", sysCPT}, {"59", sysCPT}, {"26", sysCPT}, {"22", sysCPT}, {"LT", sysHCPCS}, {"RT", sysHCPCS},
	{"GA", sysHCPCS}, {"KX", sysHCPCS}, {"NU", sysHCPCS}, {"RR", sysHCPCS}, {"PC", sysHCPCS}, {"GY", sysHCPCS},
}

type drug struct{ ndc, name string }

var drugs = []drug{
	{"00093505601", "ATORVASTATIN CALCIUM 20 MG TABLET"}, {"00378395105", "LISINOPRIL 10 MG TABLET"},
	{"68180051302", "METFORMIN HCL 500 MG TABLET"}, {"00071015523", "LIPITOR 10 MG TABLET"},
	{"59762153801", "AMLODIPINE BESYLATE 5 MG TABLET"}, {"00006027731", "JANUVIA 100 MG TABLET"},
	{"00054327099", "LEVOTHYROXINE SODIUM 50 MCG"}, {"16729002001", "OMEPRAZOLE DR 20 MG CAPSULE"},
	{"00186077660", "SYMBICORT 160-4.5 MCG INHALER"}, {"65862015705", "LOSARTAN POTASSIUM 50 MG TABLET"},
	{"00904629161", "ASPIRIN 81 MG EC TABLET"}, {"00591040201", "HYDROCHLOROTHIAZIDE 25 MG TAB"},
	{"31722070290", "GABAPENTIN 300 MG CAPSULE"}, {"00093741298", "ELIQUIS 5 MG TABLET"},
	{"00264780020", "SODIUM CHLORIDE 0.9% INJECTION"}, {"00338011704", "DEXTROSE 5% IN WATER"},
}

type revCenter struct{ code, display string }

var revenueCenters = []revCenter{
	{"0120", "ROOM-BOARD/SEMI-PRIVATE TWO BED - GENERAL CLASSIFICATION"},
	{"0250", "PHARMACY - GENERAL CLASSIFICATION"},
	{"0260", "IV THERAPY - GENERAL CLASSIFICATION"},
	{"0270", "MEDICAL/SURGICAL SUPPLIES AND DEVICES - GENERAL CLASSIFICATION"},
	{"0300", "LABORATORY - GENERAL CLASSIFICATION"},
	{"0320", "RADIOLOGY - DIAGNOSTIC - GENERAL CLASSIFICATION"},
	{"0360", "OPERATING ROOM SERVICES - GENERAL CLASSIFICATION"},
	{"0420", "PHYSICAL THERAPY - GENERAL CLASSIFICATION"},
	{"0424", "PHYSICAL THERAPY - EVALUATION OR RE-EVALUATION"},
	{"0450", "EMERGENCY ROOM - GENERAL CLASSIFICATION"},
	{"0490", "AMBULATORY SURGICAL CARE - GENERAL CLASSIFICATION"},
	{"0636", "PHARMACY - EXTENSION OF 025X - DRUGS REQUIRING DETAILED CODING"},
	{"0730", "EKG/ECG (ELECTROCARDIOGRAM) - GENERAL CLASSIFICATION"},
	{"0374", "ANESTHESIA - ACUPUNCTURE"},
	{"0022", "SKILLED NURSING FACILITY PROSPECTIVE PAYMENT SYSTEM (HIPPS)"},
	{"0023", "HOME HEALTH PROSPECTIVE PAYMENT SYSTEM (HIPPS)"},
	{"0551", "SKILLED NURSING - VISIT CHARGE"},
	{"0651", "HOSPICE SERVICES - ROUTINE HOME CARE"},
	{"0191", "SUBACUTE CARE - LEVEL I"},
}

type specialty struct{ code, taxonomy, display string }

var specialties = []specialty{
	{"01", "208D00000X", "GENERAL PRACTICE"}, {"06", "207RC0000X", "CARDIOLOGY"}, {"08", "207Q00000X", "FAMILY PRACTICE"},
	{"11", "207R00000X", "INTERNAL MEDICINE"}, {"13", "2084N0400X", "NEUROLOGY"}, {"18", "207W00000X", "OPHTHALMOLOGY"},
	{"20", "207X00000X", "ORTHOPEDIC SURGERY"}, {"29", "207RP1001X", "PULMONARY DISEASE"}, {"30", "2085R0202X", "DIAGNOSTIC RADIOLOGY"},
	{"41", "152W00000X", "OPTOMETRY"}, {"48", "213E00000X", "PODIATRY"}, {"50", "363L00000X", "NURSE PRACTITIONER"},
	{"65", "225100000X", "PHYSICAL THERAPIST"}, {"69", "291U00000X", "CLINICAL LABORATORY"}, {"93", "207P00000X", "EMERGENCY MEDICINE"},
	{"97", "363A00000X", "PHYSICIAN ASSISTANT"}, {"88", "", "UNASSIGNED"},
}

var placesOfService = []revCenter{
	{"11", "Office"}, {"21", "Inpatient Hospital"}, {"22", "On Campus-Outpatient Hospital"},
	{"23", "Emergency Room – Hospital"}, {"12", "Home"}, {"31", "Skilled Nursing Facility"},
	{"81", "Independent Laboratory"}, {"19", "Off Campus-Outpatient Hospital"}, {"17", "Walk-in Retail Health Clinic"},
}

var contractors = []revCenter{
	{"17003", "NATIONAL GOVERNMENT SERVICES, INC. - (EFF. 7/01/06) (REPLACES CARRIER # 00635)  DME MAC"},
	{"11402", "WEST VIRGINIA - PALMETTO GBA (EFF. 6/20/2011)"},
	{"04412", "NOVITAS SOLUTIONS, INC. - TEXAS"},
	{"01112", "NORIDIAN HEALTHCARE SOLUTIONS - NORTHERN CALIFORNIA"},
	{"09102", "FIRST COAST SERVICE OPTIONS - FLORIDA"},
	{"13202", "NATIONAL GOVERNMENT SERVICES - DOWNSTATE NEW YORK"},
}

var drgs = []string{"470", "291", "871", "190", "193", "683", "392", "065", "064", "280", "378", "603", "690", "194", "292"}

var providerTypes = []revCenter{
	{"35", "PSYCHOLOGIST"}, {"38", "NURSE PRACTITIONER/CLINICAL NURSE SPECIALIST"}, {"39", "MACILLOFACIAL SURGEON"},
	{"0", "CLINICS, GROUPS, ASSOCIATIONS, PARTNERSHIPS, OR OTHER ENTITIES"}, {"1", "PHYSICIANS OR SUPPLIERS BILLING AS SOLO PRACTITIONERS"},
	{"3", "SUPPLIERS (OTHER THAN SOLE PROPRIETORSHIP)"},
}

var processingInd = []revCenter{
	{"A", "Allowed"}, {"A", "Allowed"}, {"A", "Allowed"}, {"C", "Non-covered care"},
	{"17", "MSP cost avoided â€” No-Fault Insurer VDSA (eff.4/2006)"}, // mojibake as found in real v3 data
	{"D", "Denied due to demonstration involvement"},
}

var pmt80100 = []revCenter{{"0", "80%"}, {"1", "100%"}, {"3", "100% Limitation of liability only"}}

var mtusInd = []revCenter{{"3", "NUMBER OF SERVICES"}, {"2", "ANESTHESIA TIME UNITS"}, {"1", "TRANSPORTATION (AMBULANCE) MILES"}, {"4", "OXYGEN UNITS"}}

var dispositions = []revCenter{
	{"01", "DISCHARGED TO HOME OR SELF CARE (ROUTINE DISCHARGE)"},
	{"03", "DISCHARGED/TRANSFERRED TO SKILLED NURSING FACILITY (SNF) WITH MEDICARE CERTIFICATION IN ANTICIPATION OF SKILLED CARE"},
	{"06", "DISCHARGED/TRANSFERRED TO HOME UNDER CARE OF ORGANIZED HOME HEALTH SERVICE ORGANIZATION IN ANTICIPATION OF COVERED SKILLED CARE"},
	{"20", "EXPIRED"},
	{"62", "DISCHARGED/TRANSFERRED TO AN INPATIENT REHABILITATION FACILITY (IRF) INCLUDING REHABILITATION DISTINCT PART UNITS OF A HOSPITAL"},
}

var admTypes = []revCenter{
	{"1", "Emergency - The patient required immediate medical intervention as a result of severe, life threatening, or potentially disabling conditions."},
	{"2", "Urgent - The patient required immediate attention for the care and treatment of a physical or mental disorder."},
	{"3", "Elective - The patient's condition permitted adequate time to schedule the availability of suitable accommodations."},
}

// undotted is an ICD-10 code as claims carry it, without the dot that the
// code tables keep for readability (e.g. "E11.9" → "E119").
func undotted(code string) string {
	return strings.ReplaceAll(code, ".", "")
}
