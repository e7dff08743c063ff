package fakebcda

// publishedSet is one credential set the BCDA documentation has published at
// some point, with the secret it carried then. The fake keeps its own copy
// of these values (it never reads package auth) so that it is an
// independent witness of what BCDA's documentation says.
type publishedSet struct {
	name     string // the documentation's label
	clientID string
	secret   string
	source   string // where the secret was published
}

// Sources of the sets below.
const (
	// srcGuide is the old sandbox user guide (bcda.cms.gov/sandbox/technical-user-guide/),
	// copied in shared/reference/bcda-sandbox-user-guide.md.
	srcGuide = "shared/reference/bcda-sandbox-user-guide.md"
	// srcSite20250826 … srcSite20260617 are CMSgov/bcda-static-site
	// src/_data/credentials.yml at the commits that changed it.
	srcSite20250826 = "bcda-static-site 9a90760 src/_data/credentials.yml (2025-08-26)"
	srcSite20260429 = "bcda-static-site b5f0b81 src/_data/credentials.yml (2026-04-29)"
	srcSite20260430 = "bcda-static-site d36cb11 src/_data/credentials.yml (2026-04-30)"
	srcSite20260617 = "bcda-static-site 68f055e src/_data/credentials.yml (2026-06-17, current)"
)

// sandboxEntity is one model entity of the sandbox: every set whose client
// ID selects it, its size and its data class.
type sandboxEntity struct {
	cmsID, name   string
	beneficiaries int
	// partially marks the REACH ("enhancement") entities, whose v2 exports
	// offer Claim and ClaimResponse.
	partially bool
	sets      []publishedSet
}

// sandboxEntities is every credential set the BCDA documentation has
// published, grouped by the entity it selects. Sizes follow the published
// text: 100 / 10,000 (adv), 110 / 11,000 (enhancement, "legacy REACH") and the
// guide's 50 / 2,500 / 7,500 / 20,000 / 30,000.
//
// CMS IDs: SBXPS002 and SBXPL002 are the partially adjudicated synthetic
// small and large entities of bcda-app
// db/migrations/manual/20221019-partially-adj-synthea-rel2-new.sql; the
// SBXA… IDs follow bcda-app conf/configs/sandbox.yml's "Sandbox Adj" pattern
// ^SBXA\w\d{3}$ (the exact IDs are not published); the guide's five use the
// fixture ACOs of bcda-app db/fixtures.sql (A9990 "ACO Small", A9991 "ACO
// Medium", A9992 "ACO Large", A9993 "ACO Extra Large", A9994 "ACO Dev"),
// which set maps to which fixture is not published.
var sandboxEntities = []sandboxEntity{
	{cmsID: "SBXAS001", name: "Sandbox small model entity", beneficiaries: 100, sets: []publishedSet{
		{"adv.small", "6dc59a4c-ef93-46c0-9c00-02e500e13731", "48fe3a3731ee5b68cf4ebeea6d93fa2d9db3396e94f6830f17d7d7c0fa1fb61f413fcde6f6322f84", srcSite20260617},
		{"adv.small", "6dc59a4c-ef93-46c0-9c00-02e500e13731", "f35cebee5b920711ea08cc08a6a7126b5176fa23ee341d39f3aa735eb755a33ea0c493c6cc950160", srcSite20260429},
		{"adv.small", "e75679c2-1b58-4cf5-8664-d3706de8caf5", "67570807508212a220cc364d4406b9bd560276142d46257f76ba28dd9a0ff969e0c26db21c9d925c", srcSite20250826},
	}},
	{cmsID: "SBXAL001", name: "Sandbox large model entity", beneficiaries: 10000, sets: []publishedSet{
		{"adv.large", "f5b6a686-0d7b-4080-873a-e60534fd2995", "96ac1483449c652f363396737937f23cdae47a56a116c8a4405dbd54b31d2686f005df502c5c86ab", srcSite20260617},
		{"adv.large", "f5b6a686-0d7b-4080-873a-e60534fd2995", "9cc8e6b04349e678587eb38d58860e6728ff10c1124dbcd775fc247dc5f93ec583a78115445d6679", srcSite20260429},
		{"adv.large", "0a0c75f0-da95-4198-9c0f-666b41e21017", "c637024fa21adda5a756a2753cf7eb9bd62292e7897fb965a5c7aeeed23e1728ddc9ec6863f09f15", srcSite20250826},
	}},
	{cmsID: "SBXPS002", name: "Sandbox small REACH ACO", beneficiaries: 110, partially: true, sets: []publishedSet{
		{"enhancement.small", "7e57394f-eddb-46c7-a87b-a23f14ded95d", "2c5130031150cd43afdc24659de2210086f6115fc8d897d7547faaa26c827b53bb70c14089bdeb17", srcSite20260617},
		{"enhancement.small", "7e57394f-eddb-46c7-a87b-a23f14ded95d", "3ab22e7faaf69fa2d572831ffc1db12252c6d569d3e1b54aecf56e075ba054c20fee83b2e013c9c3", srcSite20250826},
	}},
	{cmsID: "SBXPL002", name: "Sandbox large REACH ACO", beneficiaries: 11000, partially: true, sets: []publishedSet{
		{"enhancement.large", "1f4575c9-80ea-425c-9d3e-c2b79e9159da", "78389f5e9a9148cfd14832b4dfa89d8ebf3d09e178763ec3cdfee1373068e3b60f66c1bed2c14025", srcSite20260617},
		{"enhancement.large", "2121efbd-98d2-4323-84db-974c8864abc7", "ee1b0609f024a758bf1770ec16f809330d2ba8bb4e9004a7868c0258accfd69ced5b6448188abb7b", srcSite20250826},
	}},
	{cmsID: "A9994", name: "ACO Dev", beneficiaries: 50, sets: []publishedSet{
		{"Extra-Small ACO", "3841c594-a8c0-41e5-98cc-38bb45360d3c", "f9780d323588f1cdfc3e63e95a8cbdcdd47602ff48a537b51dc5d7834bf466416a716bd4508e904a", srcGuide},
		{"sandbox.extra_small", "3841c594-a8c0-41e5-98cc-38bb45360d3c", "f8428de4a3c942ea655f2d8235607972638505d50b6b24cb54086e1fab9f28fcddb32747e1abc6de", srcSite20260429},
		{"sandbox.extra_small", "3841c594-a8c0-41e5-98cc-38bb45360d3c", "c29dd70cdb04dec2b8c06bc543e012f5264c57b13c523999aea29af76cf7f80fd90c864da6f8e7c6", srcSite20260430},
		{"sandbox.extra_small", "2462c96b-6427-4efb-aed7-118e20c2e997", "e5bf53ec3a4304ab43c00155cfe1f01a00a6f6003ad07d323b3b6bce9ad4ae5b137ef4e8509d881b", srcSite20250826},
	}},
	{cmsID: "A9990", name: "ACO Small", beneficiaries: 2500, sets: []publishedSet{
		{"Small ACO", "d5f83f74-6c55-4f1e-9d16-0022688171ba", "01c23cf3f31f82a5c2dcef5136a8eaa32959158351f4e28aaec5fc6550cb2a5b5d112c5b8aacc434", srcGuide},
		{"sandbox.small", "d5f83f74-6c55-4f1e-9d16-0022688171ba", "7e0692fdccf202b420454d3d2709c1d1481d6703601bddab71560c99f3a36353bc7ea40f5924b953", srcSite20260429},
		{"sandbox.small", "d5f83f74-6c55-4f1e-9d16-0022688171ba", "9158bb034b01be0c06d9794fe5fdcebab5f3edec6eddc5d6d8555cb0b4a6a8428b7cb34a429c5b63", srcSite20260430},
		{"sandbox.small", "f0d89614-efb9-49fa-bb38-996811f235a1", "2aa8b8f96f62370f3abe951cc715171394fa4a688f1f1a7252a6a5824571c07931a8a6f1dede92a0", srcSite20250826},
	}},
	{cmsID: "A9991", name: "ACO Medium", beneficiaries: 7500, sets: []publishedSet{
		{"Medium ACO", "8c75a6f6-02b9-4a47-96c1-0bd6efd4b5e3", "e1c920141c4aca6b8f726fa8aa0f7b55e095fd1ea3368a5f24b3636fdc907f113d6677977c7259dd", srcGuide},
		{"sandbox.medium", "8c75a6f6-02b9-4a47-96c1-0bd6efd4b5e3", "6cb115a31841cc94e21e45186b689a61fe94393a89f288087baf7a5c00bdcb3938af6ebf8ac6c40e", srcSite20260429},
		{"sandbox.medium", "8c75a6f6-02b9-4a47-96c1-0bd6efd4b5e3", "1e9a02a3fa703c6b818b11a1f675a1bbc3d71e7e25dccfce7e13c06a67633a6cc1093af9de899ba0", srcSite20260430},
		{"sandbox.medium", "635003cf-e337-4f91-be51-73b50e27ae9a", "fe2b8918a2b6dac18221d536ca12bbff4c5d7117b7fb3aa6a048ee33c31d3d93e58f90f761edf9c3", srcSite20250826},
	}},
	{cmsID: "A9992", name: "ACO Large", beneficiaries: 20000, sets: []publishedSet{
		{"Large ACO", "f268a8c6-8a29-4d2b-8b92-263dc775750d", "78ed083ad8e49475f36d04153649012b92c363a538ac97beaf0f7900403989581fc35324baa31e36", srcGuide},
		{"sandbox.large", "f268a8c6-8a29-4d2b-8b92-263dc775750d", "6a5eb72375edf21e12d7bc76754435c4659c237c5ba569b078a91472e50f4979f000f0ec6913eae0", srcSite20260429},
		{"sandbox.large", "f268a8c6-8a29-4d2b-8b92-263dc775750d", "18017706f885a6f8816a39ec4b77335bfc5e42d748f745ae0e4929c52be0cd87898278dec886157d", srcSite20260430},
		{"sandbox.large", "8e85dd71-9206-44bb-a07e-638b29b316c1", "50d1f179fbed87801f184591b1a55db2b4604848eba96237bd619e191bd1f6346e117d087daa2b40", srcSite20250826},
	}},
	{cmsID: "A9993", name: "ACO Extra Large", beneficiaries: 30000, sets: []publishedSet{
		{"Extra-Large ACO", "6152afb4-c555-46e4-93de-fa16a441d643", "1ace5a0e9fdf0c3d713e8c029269eacd024732ccd59e2cf283374e0f8dc93b34429d71b77e55b9a2", srcGuide},
		{"sandbox.extra_large", "6152afb4-c555-46e4-93de-fa16a441d643", "346cab049fee2cf8f3266faa1bf2ca0478e1529d68867e58636b0729467d6a95ba8d08c9000d2527", srcSite20260429},
		{"sandbox.extra_large", "6152afb4-c555-46e4-93de-fa16a441d643", "f73a5b54c96601570f54d337fa399964399f7ae3b5223d62178cf415e60b93e799709b0fddea448a", srcSite20260430},
		{"sandbox.extra_large", "aa2d6b93-bbe7-4d1b-8cc5-9a5172fae3a6", "97755772b3fb7b3fa2f58c5c3aaaffbc7e346639ff8da371a81adf79889c8fbd4c40398cd39d211d", srcSite20250826},
	}},
}
