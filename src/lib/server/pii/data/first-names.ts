// First names common in Sweden and Norway, including the populations the networks serve. Compiled
// by hand from the published name statistics listed in SOURCES.md (method there). Lower case is
// not needed: the guard compares case-insensitively. Keep each group sorted roughly by frequency.
export const firstNameGroups: Record<string, string> = {
	// SCB, most common first names among women and men in Sweden, and most common names of newborns.
	swedish: `Anna Eva Maria Karin Sara Christina Kristina Lena Emma Kerstin Marie Malin Ingrid Jenny Hanna Linda
	Sofia Annika Elin Birgitta Susanne Johanna Elisabeth Monica Ulla Julia Ida Camilla Ebba Alice Maja Elsa Wilma
	Olivia Astrid Alma Ella Vera Selma Saga Freja Agnes Alva Stella Ellen Klara Clara Signe Lilly Ellie Nora Elvira
	Tyra Ines Lova Matilda Emilia Elise Moa Tilde Linnea Thea Nellie Isabelle Isabella Amanda Felicia Frida Jessica
	Josefin Josefine Emelie Emilie Caroline Therese Sofie Helena Cecilia Margareta Gunilla Inger Marianne Ann Anette
	Åsa Ulrika Katarina Helen Louise Petra Sandra Victoria Viktoria Rebecka Lisa Mikaela Jennifer Angelica Fanny Tove
	Hedvig Vilma Leia Iris Majken Mira Liv Siri Tindra Novalie Meja Lovisa Hilda Elina Nova Ronja Minna Edith Juni
	Märta Britt Gun Barbro Ingegerd Gunnel Anneli Maj-Britt Yvonne Charlotte Pernilla Madeleine Marlene Jeanette
	Lars Anders Johan Mikael Michael Erik Karl Carl Peter Thomas Tomas Daniel Fredrik Andreas Stefan Mats Marcus
	Markus Magnus Mattias Matthias Jonas Niklas Nicklas Bengt Björn Oskar Oscar Alexander Martin Patrik Patrick
	Viktor Victor Sven Nils Leif Henrik Gustav Gustaf Jonathan Simon Emil Anton Filip Philip Robert Christian
	Kristian Göran Ulf Tobias Joakim Kent Kjell Sebastian David Rickard Richard Lucas Lukas William Oliver Hugo Liam
	Noah Elias Adam Vincent Theo Leo Ludvig Axel Elton Harry Olle Melvin Sam Isak Charlie Valter Walter Ebbe Loke
	Albin Casper Kasper Edvin Viggo Arvid Alfred Malte Wilmer Frans Josef Jakob Jacob Benjamin Olof Ingvar Rolf
	Roger Tommy Roland Kurt Åke Gunnar Lennart Tord Rune Bertil Arne Kenneth Jörgen Claes Håkan Pontus Ola Rasmus
	Jesper Dennis Kevin Robin Jimmy Hampus Linus Max Gabriel Milo Otto Sixten Vidar Folke Colin Neo Love Nelson
	Jonatan Mohammed Kalle Pelle Janne Micke Jocke Stig Sten Jan Hans Per Bo Dag Tor Mona Inga`,
	// SSB, most common first names among women and men in Norway, and most common names of newborns.
	norwegian: `Anne Inger Kari Marit Ingrid Liv Eva Berit Astrid Bjørg Hilde Anna Solveig Marianne Randi Ida Nina Maria
	Elisabeth Kristin Bente Heidi Silje Hanne Gro Tone Grete Turid Ragnhild Sissel Torill Wenche Ellen Camilla Mette
	Line Kine Ingvild Marte Ane Emma Nora Sofie Sara Olivia Ella Leah Frida Maja Emilie Thea Tiril Sofia Hedda Selma
	Vilde Aurora Amalie Julie Mathilde Jenny Signe Oda Tuva Hanna Live Vilja Eline Guro Synnøve Åse Tove Unni Aud
	Kirsten Gunn Siri Helene Karoline Marthe Ingeborg Sigrid Tonje Stine Linn Lene Trine Karianne Ragnild Oline
	Jan Per Bjørn Ole Lars Kjell Knut Arne Svein Thomas Hans Geir Tor Morten Terje Odd Erik Martin Andreas Jon Rune
	Trond Anders Tore Harald Kristian Jørgen Espen Øyvind Magnus Henrik Jakob Emil Noah Oliver Filip William Lucas
	Aksel Isak Ludvig Olav Sindre Eirik Håkon Sigurd Vegard Stian Kristoffer Even Eivind Gaute Halvor Torbjørn
	Asbjørn Steinar Frode Gunnar Leif Einar Nils Sverre Tobias Mathias Markus Jonas Elias Johannes Sander Theodor
	Oskar Iver Matheo Kasper Jens Petter Pål Ove Roar Ståle Vidar Bård Atle Kåre Ragnar Sigve Torstein Øystein`,
	// Arabic-speaking countries (Syria, Iraq, Lebanon, Palestine): SCB/SSB name statistics for people
	// born in these countries, in the spellings used in Swedish and Norwegian population registers.
	arabic: `Mohammed Mohamed Muhammad Mohammad Ahmad Ahmed Ali Omar Hassan Hasan Hussein Husein Hussain Yousef Youssef
	Yusuf Ibrahim Khalid Khaled Mahmoud Mahmud Mustafa Mostafa Abdullah Abdulla Karim Kareem Tariq Tarek Samir Nabil
	Walid Jamal Rami Bilal Hamza Amir Adnan Fadi Majid Sami Zakaria Ayman Osama Usama Anas Salim Said Saeed Saleh
	Ammar Haidar Haider Mazen Wael Firas Laith Louay Ziad Rashid Nasser Hamid Jihad Imad Alaa Muhannad Yahya Yazan
	Fatima Fatma Aisha Aysha Mariam Maryam Zainab Zeinab Zeynab Layla Leila Laila Amira Yasmin Yasmine Rania Hala
	Huda Noor Nour Nur Nadia Salma Hiba Asma Dalia Lina Rana Reem Rim Samira Soraya Amal Iman Dina Malak Sahar
	Shahad Nawal Hanan Rasha Khadija Zahra Zara Rawan Ruba Riham Sana Safa Marwa Nisreen Lama Jana Joud Tala Bayan
	Ghada Heba Ola Abir Bakr Abubakar Abubakr Kamal Kamel Jamil Adel Adil Faisal Hisham Munir Mounir Nizar Raed Riad Sabri Tamer Yaser Yasser Hamada Nabila Jamila Basma Manal Suha Ibtisam Widad Najwa Wafaa Doaa Israa Aya Ayah Raghad Hadeel Razan Noura Sidra
	Ilyas Ilias Idris Younes Yunus Anwar`,
	// Somalia: SCB/SSB statistics for people born in Somalia.
	somali: `Abdi Abdirahman Abdullahi Abdikarim Abdiaziz Abdiqani Abdirashid Abdulkadir Abdiwali Mohamud Mahad Guled
	Liban Hamdi Osman Ismail Aden Adan Muse Dahir Abdulle Egal Hirsi Jibril Qasim Shire Warsame Elmi Duale Yasin
	Bashir Bile Farah Jama Hodan Hibo Fadumo Faadumo Hawa Halimo Ayaan Ayan Sahra Sagal Ifrah Ikran Nimco Ubah Ladan
	Deeqa Amina Asha Caasha Filsan Hani Hamda Khadra Sucaad Naima Nasra Safiya Shukri Zamzam Yasmiin Muna Ilhan
	Fartun Hinda Sahro Sadia Fatuma Faduma Xawa Maryan Sadiya Shamsa Anisa Farhiya Hibaaq Idil Kowsar Nafiso Ruqiya Sumaya Yurub Abdiwahab Abdifatah Abdinasir Abdisalam Mukhtar Sharmarke Ayub`,
	// Iran and Afghanistan (Persian and Dari): SCB/SSB statistics for people born in these countries.
	persian: `Mohammad Reza Hossein Hosein Mehdi Hamid Javad Behzad Farid Farhad Dariush Kian Arash Babak Omid Navid
	Kamran Payam Parviz Hamed Morteza Sohrab Shahram Jawad Sayed Sajjad Zabihullah Rahim Ramin Pouya Sina Milad
	Ehsan Hadi Masoud Nima Arman Aryan Bahram Shahin Mojtaba Mujtaba Naser Rahmatullah Hamidullah Ahmadullah Wahid
	Nasrin Fatemeh Parisa Shirin Nasim Mina Roya Sima Azadeh Fereshteh Mahsa Neda Niloufar Nilufar Yasaman Setareh
	Shabnam Farzana Mursal Marzia Freshta Fereshta Hosna Tahmina Masoumeh Golnar Elham Mahnaz Mahtab Mitra Nazanin
	Negin Parvin Samira Shadi Taraneh Zohreh Ziba Sahar Somaye Maryam Zahra Leila Homa Anahita Arezou Bahareh Zarghona Khatera Nilab Madina Sediqa Parwana Shakila Hamida Nargis Basir Naqib Wahidullah Mirwais Sohail Jamshid Idris Yama`,
	// Kurdish names (Iraq, Iran, Syria, Turkey): common in SCB/SSB statistics and Kurdish name lists.
	kurdish: `Azad Rebin Dilan Berivan Rojda Rojin Zilan Hevi Hevin Shilan Sherko Karwan Dilovan Baran Kawa Soran
	Shvan Hawre Aram Nawroz Newroz Rozhin Jiyan Avin Bahar Lana Hana Nazdar Zana Diyar Kurdo Serhat Delal Gulistan
	Zozan Dara Goran Hiwa Rezan Shno Tara Barzan Rawand Rebwar Hawar Hemin Sarbast Shirwan Bawan Dilshad Kajal Shler
	Helin Viyan Berfin Ronahi Rojen Jwan Zhila Bafrin Shokhan Awaz`,
	// Eritrea (Tigrinya): SCB/SSB statistics for people born in Eritrea.
	tigrinya: `Yonas Dawit Tesfay Tesfaye Tekle Haile Berhane Kidane Yohannes Mehari Samuel Mussie Filmon Robel
	Merhawi Habtom Kibrom Amanuel Henok Bereket Efrem Yemane Ghebre Tewelde Weldu Asmerom Tsegay Mebrahtu Negash
	Kahsay Hagos Abraha Ghirmay Okbay Senait Selam Saba Ruta Luwam Winta Feven Hiwet Tsega Semhar Lidya Yordanos
	Eden Meron Mebrat Rahel Abeba Almaz Freweini Tirhas Aster Mihret Haben Helen Simret Tsion Segen Hermon Elsa Mulu Tsehaye Selamawit Kokob Nebiat Haileab Natnael Biniam Aron Yosief Robiel
	Tigist Meseret Hiwot Mekdes Kidist Hirut Mahlet Azeb Tsige Yonatan Eyob Abel Biruk Tewodros Yared Mulugeta
	Getachew Alemayehu`,
	// Turkey: SCB/SSB statistics for people born in Turkey; TÜİK lists of the most common names.
	turkish: `Mehmet Ahmet Hüseyin Murat Emre Burak Ömer Kemal Serkan Cem Can Deniz Eren Furkan Kerem Onur Volkan
	Hakan Ercan Erdal Ferhat Fatih Gökhan Halil İsmail Kadir Kenan Levent Mert Orhan Recep Selim Sinan Tayfun Umut
	Zeynep Elif Ayşe Ayse Emine Hatice Merve Büşra Busra Esra Ebru Özlem Derya Gül Gülsüm Sevgi Yasemin Selin Ece
	Melek Hülya Dilek Songül Sultan Nurcan Nazlı Pınar Sibel Tuba Aylin Aysel Berna Canan Filiz Gizem Leyla Meryem Ayten Necla Halime Serap Tülay`,
	// Bosnia and Herzegovina: SCB/SSB statistics for people born there; Bosnian statistics office lists.
	bosnian: `Emir Amar Edin Haris Armin Kenan Mirza Damir Senad Nermin Almir Admir Elvis Jasmin Alen Dino Sead Mirsad
	Enis Harun Ajdin Adis Dženan Dzenan Muhamed Mehmed Asim Safet Zlatan Nedim Elmedin Amra Lejla Emina Aida Sabina
	Merima Dženana Azra Edina Elma Ajla Mirela Adna Nejra Lamija Belma Medina Jasmina Sanela Senada Mersiha Amela
	Alma Maida Mediha Selma Sejla Šejla Hana Ena Esma
	Dragan Zoran Milan Nenad Dejan Marko Nikola Srđan Srdjan Miroslav Slobodan Predrag Bojan Milorad Željko Zeljko
	Ivica Branko Darko Mladen Aleksandar Jelena Milica Ivana Snežana Snezana Dragana Marija Gordana Tanja Biljana
	Sanja Mirjana Danijela Jovana Nataša Natasa Mila`,
	// Poland: SCB/SSB statistics for people born in Poland; GUS (Statistics Poland) name lists.
	polish: `Piotr Krzysztof Andrzej Tomasz Paweł Pawel Michał Michal Marcin Jakub Łukasz Lukasz Grzegorz Mateusz
	Marek Wojciech Kacper Szymon Bartosz Dawid Kamil Maciej Rafał Rafal Przemysław Sławomir Zbigniew Jerzy Stanisław
	Katarzyna Małgorzata Malgorzata Agnieszka Barbara Ewa Krystyna Magdalena Joanna Aleksandra Monika Zofia Natalia
	Zuzanna Wiktoria Oliwia Alicja Karolina Dorota Beata Justyna Kinga Marta Paulina Weronika Gabriela Anita Iwona`,
	// Kosovo and Albania: SCB/SSB statistics for people born in Kosovo, Albania and North Macedonia
	// (Albanian names), and the Kosovo Agency of Statistics' lists of common names.
	albanian: `Arben Besnik Blerim Bujar Driton Fatmir Florim Agron Valon Labinot Kushtrim Leutrim Lirim Egzon Endrit
	Ermal Gentian Gëzim Gezim Shpend Arbër Arber Alban Flamur Fisnik Liridon Armend Avni Besart Dardan Liridona
	Blerina Besa Ardita Vjosa Albina Mimoza Shqipe Valbona Drita Elona Fatlinda Edona Arbnora Lirije Fitore Merita
	Mirjeta Albulena Blerta Njomza Gresa Qendresa Shpresa Fjolla Dafina`,
	// Short forms Swedish and Norwegian speakers use for each other (and for names from the other groups).
	nicknames: `Kalle Pelle Nisse Bosse Janne Lasse Jocke Micke Mackan Frippe Ibbe Abbe Moha Jossan Lollo Sussie
	Tessan Kicki Lotta Fia Lisen`
};
