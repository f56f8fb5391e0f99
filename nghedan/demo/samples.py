"""Realistic demo petitions and answers (invented; any likeness to real people is chance)."""

# (topic, kind, title, body); {street} and {place} are filled in per petition.
PETITIONS = [
    (
        "moi-truong",
        "feedback",
        "Rác thải tồn đọng nhiều ngày",
        "Đầu ngõ {street} rác thải tồn đọng đã 4 ngày chưa được thu gom, bốc mùi hôi thối, "
        "ruồi muỗi nhiều. Đề nghị phường cho công ty môi trường đến thu gom và bố trí giờ thu cố định.",
    ),
    (
        "moi-truong",
        "feedback",
        "Xưởng gỗ xả bụi và tiếng ồn ban đêm",
        "Xưởng gia công gỗ trên đường {street} hoạt động đến 23 giờ, tiếng máy cưa rất ồn, bụi gỗ bay "
        "sang các nhà bên cạnh. Người già và trẻ nhỏ không ngủ được. Đề nghị kiểm tra giấy phép và xử lý.",
    ),
    (
        "moi-truong",
        "feedback",
        "nuoc thai chay ra duong",
        "Nuoc thai tu nha hang tren duong {street} chay thang ra mat duong, boc mui rat kho chiu. "
        "Da phan anh voi to dan pho nhung chua duoc xu ly. De nghi kiem tra.",
    ),
    (
        "moi-truong",
        "proposal",
        "Đề nghị đặt thêm thùng rác công cộng",
        "Khu vực công viên gần {street} đông người tập thể dục buổi sáng nhưng chỉ có 2 thùng rác, "
        "thường xuyên đầy tràn. Kiến nghị đặt thêm thùng rác phân loại và biển nhắc nhở.",
    ),
    (
        "giao-thong-ha-tang",
        "feedback",
        "Ổ gà lớn gây nguy hiểm",
        "Trên đường {street}, đoạn trước số nhà 45, có ổ gà sâu khoảng 20 cm, đã có 2 người đi xe máy "
        "bị ngã trong tuần này. Trời mưa nước đọng không nhìn thấy. Đề nghị sửa chữa khẩn cấp.",
    ),
    (
        "giao-thong-ha-tang",
        "feedback",
        "Đèn đường hỏng cả tuần",
        "Dãy đèn chiếu sáng trên đường {street} bị hỏng từ tuần trước, buổi tối tối om, "
        "người dân đi lại rất nguy hiểm và lo ngại trộm cắp. Mong được sửa sớm.",
    ),
    (
        "giao-thong-ha-tang",
        "feedback",
        "Ngập úng sau mỗi trận mưa",
        "Mỗi khi mưa lớn, đoạn đường {street} ngập sâu 40–50 cm, nước tràn vào nhà dân. "
        "Cống thoát nước bị tắc do rác. Đề nghị nạo vét cống và có giải pháp chống ngập lâu dài.",
    ),
    (
        "giao-thong-ha-tang",
        "proposal",
        "Kiến nghị lắp đèn tín hiệu tại ngã tư",
        "Ngã tư {street} gần trường tiểu học, giờ tan học rất đông, xe cộ đi lộn xộn, đã xảy ra va chạm. "
        "Kiến nghị lắp đèn tín hiệu giao thông hoặc bố trí người điều tiết giờ cao điểm.",
    ),
    (
        "giao-thong-ha-tang",
        "feedback",
        "nap cong bi mat",
        "Nap ho ga tren via he {street} bi mat tu hom qua, rat nguy hiem cho nguoi di bo, nhat la tre em. "
        "De nghi thay nap ngay.",
    ),
    (
        "trat-tu-xay-dung-do-thi",
        "feedback",
        "Xây dựng sai phép, lấn chiếm lối đi chung",
        "Hộ gia đình tại ngõ {street} đang xây nhà 5 tầng, lấn ra lối đi chung khoảng 1 m, "
        "vật liệu xây dựng để kín lối đi. Đề nghị kiểm tra giấy phép xây dựng.",
    ),
    (
        "trat-tu-xay-dung-do-thi",
        "feedback",
        "Lấn chiếm vỉa hè để kinh doanh",
        "Các quán ăn trên đường {street} bày bàn ghế kín vỉa hè, người đi bộ phải đi xuống lòng đường. "
        "Đề nghị lập lại trật tự vỉa hè.",
    ),
    (
        "trat-tu-xay-dung-do-thi",
        "proposal",
        "Cây xanh nghiêng có nguy cơ đổ",
        "Cây xà cừ lớn trước số nhà 12 đường {street} bị nghiêng, rễ bật lên vỉa hè, mùa mưa bão "
        "rất dễ đổ. Kiến nghị cắt tỉa hoặc chằng chống.",
    ),
    (
        "dien-nuoc",
        "feedback",
        "Mất nước sinh hoạt 3 ngày",
        "Khu dân cư {street} bị mất nước sinh hoạt liên tục 3 ngày, không có thông báo trước. "
        "Các hộ gia đình phải mua nước bình để dùng. Đề nghị cho biết nguyên nhân và thời gian cấp lại.",
    ),
    (
        "dien-nuoc",
        "feedback",
        "Nước máy có mùi lạ và màu vàng",
        "Nước máy tại {street} mấy ngày nay có màu vàng đục và mùi clo nặng. Người dân lo ngại về "
        "chất lượng nước. Đề nghị kiểm tra mẫu nước và công bố kết quả.",
    ),
    (
        "dien-nuoc",
        "feedback",
        "Hoá đơn tiền điện tăng bất thường",
        "Hoá đơn tiền điện tháng này của gia đình tôi ở {street} tăng gấp đôi trong khi sử dụng như cũ. "
        "Đề nghị kiểm tra lại công tơ.",
    ),
    (
        "y-te",
        "feedback",
        "Trạm y tế thiếu thuốc thông thường",
        "Trạm y tế {place} nhiều tuần nay thiếu thuốc hạ sốt, kháng sinh thông thường, bệnh nhân "
        "có bảo hiểm y tế phải ra ngoài mua. Đề nghị bổ sung thuốc.",
    ),
    (
        "y-te",
        "feedback",
        "Nghi ngộ độc thực phẩm ở bếp ăn",
        "Nhiều công nhân ăn trưa tại bếp ăn công ty trên đường {street} bị đau bụng, nôn ói. "
        "Đề nghị kiểm tra an toàn thực phẩm của bếp ăn này.",
    ),
    (
        "giao-duc",
        "feedback",
        "Thu các khoản ngoài quy định đầu năm học",
        "Trường tiểu học trên địa bàn {place} thu nhiều khoản đầu năm như quỹ lớp, tiền điều hoà, "
        "tiền máy chiếu, tổng gần 3 triệu đồng mỗi học sinh. Đề nghị làm rõ khoản nào là bắt buộc.",
    ),
    (
        "giao-duc",
        "proposal",
        "Kiến nghị mở thêm lớp mầm non công lập",
        "Khu vực {place} đông dân nhưng chỉ có một trường mầm non công lập, nhiều cháu không có chỗ học. "
        "Kiến nghị mở thêm lớp hoặc hỗ trợ học phí ở trường tư thục.",
    ),
    (
        "an-ninh-trat-tu",
        "feedback",
        "Nhóm thanh niên tụ tập gây mất trật tự",
        "Tối nào cũng có nhóm thanh niên tụ tập tại khu đất trống gần {street}, nổ máy xe, "
        "la hét đến 1–2 giờ sáng. Đề nghị công an phường tăng cường tuần tra.",
    ),
    (
        "an-ninh-trat-tu",
        "feedback",
        "Trộm cắp xe máy xảy ra liên tiếp",
        "Trong tháng này khu dân cư {street} bị mất 3 xe máy dựng trước cửa. Đề nghị tăng cường "
        "tuần tra và lắp camera an ninh.",
    ),
    (
        "an-ninh-trat-tu",
        "feedback",
        "quang cao tin dung den",
        "Tren cot dien va tuong nha o {street} dan day to roi cho vay tien nhanh, tin dung den. "
        "De nghi boc go va xu ly nguoi dan.",
    ),
    (
        "an-sinh-xa-hoi",
        "proposal",
        "Đề nghị xem xét hộ cận nghèo",
        "Gia đình tôi ở {place} có mẹ già ốm đau, thu nhập thấp, đề nghị được xem xét đưa vào danh sách "
        "hộ cận nghèo để được hỗ trợ bảo hiểm y tế.",
    ),
    (
        "an-sinh-xa-hoi",
        "proposal",
        "Chậm chi trả trợ cấp người cao tuổi",
        "Trợ cấp cho người cao tuổi trên 80 tuổi ở {place} hai tháng nay chưa được chi trả. "
        "Đề nghị cho biết lý do và thời gian chi trả.",
    ),
    (
        "thu-tuc-hanh-chinh",
        "feedback",
        "Hồ sơ đăng ký khai sinh bị trễ hẹn",
        "Tôi nộp hồ sơ đăng ký khai sinh cho con tại bộ phận một cửa {place} đã quá hẹn 5 ngày "
        "nhưng chưa có kết quả, hỏi thì được trả lời chờ thêm. Đề nghị giải quyết.",
    ),
    (
        "thu-tuc-hanh-chinh",
        "proposal",
        "Đề nghị nhận hồ sơ vào sáng thứ Bảy",
        "Người lao động khó nghỉ làm trong giờ hành chính. Kiến nghị bộ phận một cửa {place} "
        "nhận hồ sơ vào sáng thứ Bảy.",
    ),
    (
        "thai-do-can-bo",
        "feedback",
        "Cán bộ một cửa thiếu tôn trọng người dân",
        "Khi làm thủ tục tại bộ phận một cửa {place}, tôi bị cán bộ quát nạt, không hướng dẫn "
        "rõ ràng, bắt đi lại nhiều lần. Đề nghị chấn chỉnh thái độ phục vụ.",
    ),
    (
        "dat-dai",
        "proposal",
        "Chậm cấp giấy chứng nhận quyền sử dụng đất",
        "Gia đình tôi nộp hồ sơ cấp giấy chứng nhận quyền sử dụng đất tại {place} từ 6 tháng trước "
        "nhưng chưa được cấp, không được thông báo lý do. Đề nghị xem xét giải quyết.",
    ),
    (
        "dat-dai",
        "feedback",
        "Lấn chiếm đất công làm bãi giữ xe",
        "Khu đất công cạnh {street} bị một số người rào lại làm bãi giữ xe thu tiền. "
        "Đề nghị kiểm tra và thu hồi đất công.",
    ),
    (
        "dat-dai",
        "complaint",
        "Khiếu nại về mức bồi thường khi thu hồi đất",
        "Tôi khiếu nại quyết định thu hồi đất và phương án bồi thường của dự án mở rộng đường {street}. "
        "Đơn giá bồi thường thấp hơn nhiều so với giá thị trường, diện tích đo đạc thiếu 12 m². "
        "Đề nghị xem xét lại quyết định.",
    ),
    (
        "thu-tuc-hanh-chinh",
        "complaint",
        "Khiếu nại việc từ chối cấp giấy phép kinh doanh",
        "Tôi khiếu nại việc UBND {place} từ chối cấp giấy chứng nhận đăng ký hộ kinh doanh mà "
        "không nêu lý do bằng văn bản. Hồ sơ của tôi đầy đủ theo quy định.",
    ),
    (
        "thai-do-can-bo",
        "denunciation",
        "Tố cáo cán bộ địa chính nhận tiền",
        "Tôi tố cáo cán bộ địa chính {place} yêu cầu gia đình tôi đưa 20 triệu đồng để được "
        "giải quyết hồ sơ chuyển mục đích sử dụng đất nhanh. Tôi có ghi âm cuộc nói chuyện.",
    ),
    (
        "trat-tu-xay-dung-do-thi",
        "denunciation",
        "Tố cáo bao che công trình xây dựng trái phép",
        "Tôi tố cáo cán bộ phụ trách trật tự xây dựng {place} biết công trình tại {street} xây sai phép "
        "nhiều tháng nhưng không xử lý, có dấu hiệu bao che.",
    ),
    (
        "kinh-te-doanh-nghiep",
        "proposal",
        "Kiến nghị hỗ trợ tiểu thương chợ tạm",
        "Tiểu thương chợ {place} phải chuyển ra chợ tạm để xây chợ mới, buôn bán ế ẩm. "
        "Kiến nghị giảm phí thuê sạp trong thời gian chợ tạm.",
    ),
    (
        "kinh-te-doanh-nghiep",
        "feedback",
        "Bán hàng giả, hàng nhái công khai",
        "Một số cửa hàng trên đường {street} bày bán công khai mỹ phẩm, quần áo nhái thương hiệu. "
        "Đề nghị kiểm tra, xử lý.",
    ),
    (
        "khac",
        "proposal",
        "Đề nghị xây nhà văn hoá tổ dân phố",
        "Tổ dân phố gần {street} chưa có nhà văn hoá, các cuộc họp phải mượn nhà dân. "
        "Kiến nghị bố trí quỹ đất xây nhà văn hoá.",
    ),
]

STREETS = [
    "ngõ 120 Đội Cấn",
    "Phan Đình Phùng",
    "Hàng Bông",
    "ngõ 5 Hoàng Hoa Thám",
    "Kim Mã",
    "Lý Thường Kiệt",
    "Lê Lợi",
    "Nguyễn Huệ",
    "Pasteur",
    "Trần Phú",
    "Bạch Đằng",
    "Lê Duẩn",
    "Nguyễn Văn Linh",
    "Hùng Vương",
    "Điện Biên Phủ",
    "Trần Hưng Đạo",
]

ANSWERS = {
    "default": (
        "UBND đã tiếp nhận phản ánh của ông/bà và giao bộ phận chuyên môn kiểm tra thực tế. "
        "Kết quả: nội dung phản ánh là đúng. Đơn vị đã xử lý xong vào ngày {date}. "
        "UBND cảm ơn ông/bà đã phản ánh và mong tiếp tục nhận được ý kiến giám sát của người dân."
    ),
    "proposal": (
        "Cơ quan đã nghiên cứu kiến nghị của ông/bà. Nội dung kiến nghị phù hợp và được đưa vào kế hoạch "
        "thực hiện trong quý tới; cơ quan sẽ thông báo tiến độ trên cổng thông tin."
    ),
    "complaint": (
        "Sau khi xác minh, đối thoại với người khiếu nại và các bên liên quan, cơ quan ban hành quyết định "
        "giải quyết khiếu nại lần đầu: công nhận một phần nội dung khiếu nại; đo đạc lại diện tích và "
        "điều chỉnh phương án theo kết quả đo đạc."
    ),
    "denunciation": (
        "Cơ quan đã thụ lý, xác minh nội dung tố cáo. Kết luận: nội dung tố cáo đúng một phần; "
        "đã kiểm điểm, xử lý trách nhiệm cán bộ liên quan theo quy định."
    ),
}

RATING_COMMENTS = {
    5: "Cảm ơn cơ quan đã xử lý nhanh.",
    4: "Đã xử lý, tuy hơi chậm.",
    3: "Tạm được.",
    2: "Mới xử lý qua loa, vấn đề vẫn còn.",
    1: "Chưa giải quyết gì cả.",
}
