// Surnames common in Sweden and Norway, including the populations the networks serve. Compiled by
// hand from the published statistics listed in SOURCES.md (method there).
export const surnameGroups: Record<string, string> = {
	// SCB, the most common surnames in Sweden.
	swedish: `Andersson Johansson Karlsson Nilsson Eriksson Larsson Olsson Persson Svensson Gustafsson Pettersson
	Jonsson Jansson Hansson Bengtsson Jönsson Lindberg Jakobsson Magnusson Olofsson Lindström Lindqvist Lindgren
	Berg Axelsson Bergström Lundberg Lind Lundgren Lundqvist Mattsson Berglund Fredriksson Sandberg Henriksson
	Forsberg Sjöberg Wallin Engström Eklund Danielsson Lundin Håkansson Björk Bergman Gunnarsson Holm Wikström
	Samuelsson Isaksson Fransson Bergqvist Nyström Holmberg Arvidsson Löfgren Söderberg Nyberg Blomqvist Claesson
	Nordström Mårtensson Lundström Viklund Björklund Eliasson Pålsson Berggren Sandström Lund Nordin Ström Åberg
	Hermansson Ekström Holmgren Sundberg Hedlund Dahlberg Hellström Sjögren Abrahamsson Falk Martinsson Öberg
	Andreasson Strömberg Månsson Åkesson Dahl Lindholm Norberg Holmqvist Karlberg Lindahl Ek Nordqvist Sundström
	Carlsson Petersson Mohammadi Jakobson Lilja Sjöström Åström Hägglund Öhman Nyman Lindén Backman Wiklund`,
	// SSB, the most common surnames in Norway.
	norwegian: `Hansen Johansen Olsen Larsen Andersen Pedersen Nilsen Kristiansen Jensen Karlsen Johnsen Pettersen
	Eriksen Berg Haugen Hagen Johannessen Andreassen Jacobsen Dahl Jørgensen Halvorsen Henriksen Lund Sørensen
	Jakobsen Moen Gundersen Iversen Strand Solberg Svendsen Eide Knutsen Martinsen Paulsen Bakken Kristoffersen
	Mathisen Lie Amundsen Rasmussen Lunde Solheim Berntsen Nygaard Bakke Kristensen Moe Fredriksen Holm Lien Hauge
	Christensen Andresen Nielsen Knudsen Evensen Sæther Aas Myhre Hanssen Haugland Thomassen Sivertsen Simonsen
	Danielsen Berge Nguyen Ødegård Tveit Aasen Engen Hovland Næss Nordby Ruud Vik Wold Sandvik Tangen Bjerke`,
	arabic: `Ali Mohamed Mohammed Ahmed Ahmad Hassan Hussein Hussain Ibrahim Mahmoud Mustafa Yousef Youssef Khalil
	Haddad Saleh Nasser Hamid Rashid Jaber Salim Aziz Karim Darwish Khoury Najjar Mansour Saeed Abbas Issa Moussa
	Othman Suleiman Sulaiman Omar Abdallah Abdullah Al-Ahmad Al-Hassan Al-Ali Al-Khatib Khatib Hamdan Kassem Qasem
	Jasim Jassim Kadhim Kazem Jabbar Hadi Salman Rahman Masri Hamoud Sabbagh Shaker`,
	somali: `Abdi Abdullahi Mohamud Farah Jama Warsame Osman Ismail Aden Adan Muse Dahir Abdulle Egal Hirsi Jibril Qasim
	Shire Elmi Duale Yusuf Hashi Nur Guled Abdirahman Mohamoud Said Omar Ali Hassan Hussein Ahmed Gedi Barre Samatar`,
	persian: `Ahmadi Mohammadi Hosseini Rezaei Karimi Hashemi Rahimi Jafari Mousavi Sadeghi Azizi Sultani Amiri Habibi
	Noori Nazari Popal Wardak Safi Rahmani Haidari Haydari Yousefi Akbari Ghorbani Hakimi Sharifi Moradi Kazemi
	Naseri Stanikzai Ahmadzai Sediqi Sidiqi Rasuli Qaderi Mirzaei Hosseinzadeh Alizadeh Rostami Tehrani Shams`,
	kurdish: `Barzani Talabani Hawrami Zebari Kurdi Amin Rasul Rasool Qadir Mahmud Hama Aziz Saleh Karim Baban Jaf
	Ismail Sharif Mohammed Abdulrahman Hawramy Dosky`,
	tigrinya: `Tesfay Tesfaye Tekle Haile Berhane Kidane Yohannes Mehari Habtom Ghebre Gebremedhin Gebremichael Tewelde
	Weldu Asmerom Tsegay Mebrahtu Negash Kahsay Hagos Abraha Ghirmay Okbay Ghebreyesus Woldu Tesfamariam Andemariam
	Kiflom Teklehaimanot Russom Zerai Mengisteab`,
	turkish: `Yılmaz Yilmaz Kaya Demir Şahin Sahin Çelik Celik Yıldız Yildiz Yıldırım Yildirim Öztürk Ozturk Aydın
	Aydin Özdemir Ozdemir Arslan Doğan Dogan Kılıç Kilic Aslan Çetin Cetin Kara Koç Koc Kurt Özkan Ozkan Şimşek
	Simsek Polat Korkmaz Karataş Karatas Aksoy Erdoğan Erdogan Güneş Gunes Acar Tekin Bulut Avcı Avci Keskin`,
	bosnian: `Hodžić Hodzic Hadžić Hadzic Begić Begic Delić Delic Kovačević Kovacevic Mehmedović Mehmedovic Hasanović
	Hasanovic Salihović Salihovic Husić Husic Omerović Omerovic Ibrahimović Ibrahimovic Alić Alic Mujić Mujic
	Halilović Halilovic Suljić Suljic Karić Karic Šehić Sehic Mešić Mesic Imamović Imamovic Hamzić Hamzic Bešić
	Besic Jusić Jusic Muratović Muratovic Avdić Avdic Softić Softic Osmanović Osmanovic Ahmetović Ahmetovic Čolić
	Colic Smajić Smajic Hasić Hasic Hadžić Mahmutović Mahmutovic Ramić Ramic Zukić Zukic`,
	polish: `Nowak Kowalski Kowalska Wiśniewski Wiśniewska Wisniewski Wisniewska Wójcik Wojcik Kowalczyk Kamiński
	Kamińska Kaminski Kaminska Lewandowski Lewandowska Zieliński Zielińska Zielinski Zielinska Szymański Szymańska
	Szymanski Woźniak Wozniak Dąbrowski Dąbrowska Dabrowski Kozłowski Kozlowski Jankowski Jankowska Mazur
	Kwiatkowski Kwiatkowska Krawczyk Piotrowski Piotrowska Grabowski Grabowska Nowakowski Pawłowski Pawlowski
	Michalski Michalska Nowicki Nowicka Adamczyk Dudek Zając Zajac Wieczorek Jabłoński Jablonski Król Krol Majewski
	Olszewski Jaworski Wróbel Wrobel Malinowski Malinowska`,
	// Kosovo and Albania (see first-names.ts).
	albanian: `Morina Hoxha Shala Bytyqi Kryeziu Rexhepi Hasani Ahmeti Selimi Ismaili Kelmendi Thaçi Thaqi Bajrami
	Halili Aliu Sadiku Zeqiri Hyseni Mehmeti Osmani Sylejmani Musliu Salihu Ramadani Jashari Beqiri Haliti Dervishi
	Kastrati Avdiu Zymberi Demaku Bekteshi Latifi`
};
